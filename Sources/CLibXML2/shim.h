#ifndef NLPIPE_CLIBXML2_SHIM_H
#define NLPIPE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 headers pull in the system ICU, which clashes with the ICU
// that Foundation carries ("'UErrorCode' has different definitions").
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static void nlpipe_xml_silent_error(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

/// Silences libxml2's generic (per-thread) error handler on the calling thread.
static inline void nlpipe_xml_silence_errors(void) {
  xmlSetGenericErrorFunc(NULL, nlpipe_xml_silent_error);
}

/// `xmlFree` is a global function pointer; Swift 6 cannot touch it safely.
static inline void nlpipe_xml_free(void *ptr) { xmlFree(ptr); }

/// Source byte ranges of the text nodes of one HTML parse.
///
/// Each text node the parser creates gets `_private = index + 1` into `ranges`, which holds
/// `[start, end)` pairs of byte offsets into the parsed buffer. Filled by SAX wrappers.
typedef struct {
  charactersSAXFunc characters;
  const unsigned char *source;
  long size;
  long *ranges;
  long count;
  long capacity;
  int failed;
} nlpipe_tracker;

/// The source range of a text run libxml2 reports in the parsed buffer.
static inline void nlpipe_source_range(xmlParserCtxtPtr ctxt, const unsigned char *source,
                                       long size, const xmlChar *ch, int len, long *startOut,
                                       long *endOut) {
  long consumed = xmlByteConsumed(ctxt);
  if (consumed < 0) consumed = 0;
  if (consumed > size) consumed = size;
  long start, end;
  if (consumed >= len && memcmp(source + consumed - len, ch, (size_t)len) == 0) {
    // The parser reports text after consuming it (HTML, XML slow path).
    start = consumed - len;
    end = consumed;
  } else if (consumed + len <= size && memcmp(source + consumed, ch, (size_t)len) == 0) {
    // The XML fast path reports text before moving past it.
    start = consumed;
    end = consumed + len;
  } else {
    end = consumed;
    start = end - len;
    if (end > 0 && source[end - 1] == ';') {
      // An entity or character reference: its source starts at the '&'.
      long back = end - 1;
      long stop = end > 40 ? end - 40 : 0;
      while (back > stop && source[back] != '&') back--;
      if (source[back] == '&') start = back;
    }
  }
  if (start < 0) start = 0;
  *startOut = start;
  *endOut = end;
}

static void nlpipe_track_characters(void *ctx, const xmlChar *ch, int len) {
  xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
  nlpipe_tracker *tracker = (nlpipe_tracker *)ctxt->_private;
  xmlNodePtr parent = ctxt->node;
  tracker->characters(ctx, ch, len);
  if (parent == NULL || tracker->failed) return;
  xmlNodePtr last = parent->last;
  if (last == NULL || last->type != XML_TEXT_NODE) return;
  long start, end;
  nlpipe_source_range(ctxt, tracker->source, tracker->size, ch, len, &start, &end);
  if (last->_private == NULL) {
    if (tracker->count == tracker->capacity) {
      long capacity = tracker->capacity == 0 ? 256 : tracker->capacity * 2;
      long *grown = (long *)realloc(tracker->ranges, sizeof(long) * 2 * (size_t)capacity);
      if (grown == NULL) {
        tracker->failed = 1;
        return;
      }
      tracker->ranges = grown;
      tracker->capacity = capacity;
    }
    tracker->ranges[2 * tracker->count] = start;
    tracker->ranges[2 * tracker->count + 1] = end;
    tracker->count += 1;
    last->_private = (void *)(intptr_t)tracker->count;
  } else {
    long index = (long)(intptr_t)last->_private - 1;
    if (index >= 0 && index < tracker->count && end > tracker->ranges[2 * index + 1]) {
      tracker->ranges[2 * index + 1] = end;
    }
  }
}

/// Parses UTF-8 HTML with libxml2's HTML parser, recording each text node's source range in
/// `tracker`. Returns NULL when libxml2 cannot build a document. Free the result with
/// `xmlFreeDoc` and the tracker with `nlpipe_tracker_free`.
static inline htmlDocPtr nlpipe_html_parse(
    const unsigned char *buffer, int size, int options, nlpipe_tracker *tracker) {
  nlpipe_xml_silence_errors();
  tracker->source = buffer;
  tracker->size = size;
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt((const char *)buffer, size);
  if (ctxt == NULL) return NULL;
  // The bytes are UTF-8: no converter (so xmlByteConsumed is exact), no guessing.
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  ctxt->charset = XML_CHAR_ENCODING_UTF8;
  htmlCtxtUseOptions(ctxt, options);
  ctxt->_private = tracker;
  if (ctxt->sax != NULL) {
    tracker->characters = ctxt->sax->characters;
    if (tracker->characters != NULL) ctxt->sax->characters = nlpipe_track_characters;
  }
  htmlParseDocument(ctxt);
  htmlDocPtr doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  htmlFreeParserCtxt(ctxt);
  return doc;
}

/// Frees the ranges a tracker holds.
static inline void nlpipe_tracker_free(nlpipe_tracker *tracker) {
  free(tracker->ranges);
  tracker->ranges = NULL;
  tracker->count = 0;
  tracker->capacity = 0;
}

/// The text-node index stored by the tracker (0 when none).
static inline long nlpipe_node_mark(xmlNodePtr node) { return (long)(intptr_t)node->_private; }

/// Parses UTF-8 XML safely: no entity substitution, no DTD loading, no network, no error
/// output, the encoding declaration ignored (the bytes are UTF-8). Text-node source ranges go
/// to `tracker` as for HTML. Returns NULL when the document is not well-formed, with
/// libxml2's message (truncated) in `message` and its line in `line`.
static inline xmlDocPtr nlpipe_xml_parse(
    const unsigned char *buffer, int size, nlpipe_tracker *tracker, char *message,
    int messageSize, int *line) {
  nlpipe_xml_silence_errors();
  tracker->source = buffer;
  tracker->size = size;
  if (messageSize > 0) message[0] = 0;
  *line = 0;
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt((const char *)buffer, size);
  if (ctxt == NULL) return NULL;
  xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                              XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
  ctxt->_private = tracker;
  if (ctxt->sax != NULL) {
    tracker->characters = ctxt->sax->characters;
    if (tracker->characters != NULL) ctxt->sax->characters = nlpipe_track_characters;
  }
  xmlParseDocument(ctxt);
  xmlDocPtr doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  if (!ctxt->wellFormed || doc == NULL) {
    if (messageSize > 0 && ctxt->lastError.message != NULL) {
      snprintf(message, (size_t)messageSize, "%s", ctxt->lastError.message);
    }
    *line = ctxt->lastError.line;
    if (doc != NULL) xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(ctxt);
  return doc;
}
#include "flat.h"
#endif
