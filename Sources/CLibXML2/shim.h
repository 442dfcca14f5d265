#ifndef NLPIPE_CLIBXML2_SHIM_H
#define NLPIPE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 headers pull in the system ICU, which clashes with the ICU
// that Foundation carries ("'UErrorCode' has different definitions").
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

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
#endif
