#ifndef NLPIPE_CLIBXML2_FLAT_H
#define NLPIPE_CLIBXML2_FLAT_H
// Included by shim.h (after the libxml2 headers and `nlpipe_tracker`).
//
// A page as flat arrays: the element and text nodes of the tree libxml2 would build, without
// building it. HTML is read with a SAX handler that places every node exactly where libxml2's
// tree builder (SAX2.c of libxml2 2.9) would: text runs coalesce into one node until another
// node comes between, elements that start after the root closed go under the document's first
// node, the tree builder's depth limit stops the parse. XML is parsed to a tree (for its
// well-formedness checks) and copied into the same arrays, so one walker reads both.

enum {
  NLPIPE_FLAT_DOCUMENT = 0,
  NLPIPE_FLAT_ELEMENT = 1,
  NLPIPE_FLAT_TEXT = 3,
  NLPIPE_FLAT_CDATA = 4,
  /// Comments and processing instructions: never read, but they end a text run.
  NLPIPE_FLAT_OTHER = 8
};

/// One node; links are indexes into `nlpipe_flat.nodes` (-1 for none), strings are offsets of
/// NUL-terminated bytes in `nlpipe_flat.bytes` (-1 for none).
typedef struct {
  int32_t type;
  int32_t parent;
  int32_t firstChild;
  int32_t lastChild;
  int32_t next;
  int32_t attributeStart;
  int32_t attributeCount;
  /// An element in the XHTML namespace (XML only).
  int32_t xhtml;
  long name;
  long content;
  long length;
  /// Text: the `[start, end)` bytes of the source it came from; -1 when unknown.
  long sourceStart;
  long sourceEnd;
} nlpipe_flat_node;

/// An attribute the walker reads (see `nlpipe_flat_wanted_attribute`).
typedef struct {
  long name;
  long value;
} nlpipe_flat_attribute;

/// The arrays of one page (node 0 is the document), and the state of the SAX handler.
typedef struct {
  nlpipe_flat_node *nodes;
  long nodeCount;
  long nodeCapacity;
  nlpipe_flat_attribute *attributes;
  long attributeCount;
  long attributeCapacity;
  unsigned char *bytes;
  long byteCount;
  long byteCapacity;
  int32_t *stack;
  long depth;
  long stackCapacity;
  int hasDTD;
  int failed;
  const unsigned char *source;
  long size;
} nlpipe_flat;

/// Frees the arrays of a flat page.
static inline void nlpipe_flat_free(nlpipe_flat *flat) {
  free(flat->nodes);
  free(flat->attributes);
  free(flat->bytes);
  free(flat->stack);
  memset(flat, 0, sizeof(*flat));
}

/// Grows `*array` (of `size`-byte items) to hold `needed` items; 0 on failure.
static inline int nlpipe_flat_reserve(void **array, long *capacity, long needed, size_t size) {
  if (needed <= *capacity) return 1;
  long grown = *capacity < 64 ? 64 : *capacity;
  while (grown < needed) grown *= 2;
  void *moved = realloc(*array, size * (size_t)grown);
  if (moved == NULL) return 0;
  *array = moved;
  *capacity = grown;
  return 1;
}

/// Appends `length` bytes and a NUL; the offset of the copy, or -1 on failure.
static inline long nlpipe_flat_store(nlpipe_flat *flat, const unsigned char *text, long length) {
  if (!nlpipe_flat_reserve((void **)&flat->bytes, &flat->byteCapacity,
                           flat->byteCount + length + 1, 1)) {
    flat->failed = 1;
    return -1;
  }
  long offset = flat->byteCount;
  if (length > 0) memcpy(flat->bytes + offset, text, (size_t)length);
  flat->bytes[offset + length] = 0;
  flat->byteCount += length + 1;
  return offset;
}

/// Stores a NUL-terminated string (-1 for NULL).
static inline long nlpipe_flat_store_string(nlpipe_flat *flat, const xmlChar *text) {
  if (text == NULL) return -1;
  return nlpipe_flat_store(flat, text, (long)strlen((const char *)text));
}

/// A new node of `type` linked as the last child of `parent` (-1: unlinked). -1 on failure.
static inline int32_t nlpipe_flat_add(nlpipe_flat *flat, int32_t type, int32_t parent) {
  if (flat->nodeCount >= INT32_MAX ||
      !nlpipe_flat_reserve((void **)&flat->nodes, &flat->nodeCapacity, flat->nodeCount + 1,
                           sizeof(nlpipe_flat_node))) {
    flat->failed = 1;
    return -1;
  }
  int32_t index = (int32_t)flat->nodeCount++;
  nlpipe_flat_node *node = &flat->nodes[index];
  memset(node, 0, sizeof(*node));
  node->type = type;
  node->parent = parent;
  node->firstChild = node->lastChild = node->next = -1;
  node->name = node->content = -1;
  node->sourceStart = node->sourceEnd = -1;
  if (parent >= 0) {
    nlpipe_flat_node *owner = &flat->nodes[parent];
    if (owner->lastChild >= 0) {
      flat->nodes[owner->lastChild].next = index;
    } else {
      owner->firstChild = index;
    }
    owner->lastChild = index;
  }
  return index;
}

/// Whether the walker reads an attribute of this name (others are not copied): `class`, `id`,
/// `hidden`, `style`, `lang`, and `content`, `name`, `property`, `itemprop`, `http-equiv` of
/// `meta` (ASCII case ignored).
static inline int nlpipe_flat_wanted_attribute(const xmlChar *name) {
  static const char *const wanted[] = {"class", "id",   "hidden",   "style",   "lang",
                                       "content", "name", "property", "itemprop", "http-equiv"};
  if (name == NULL) return 0;
  size_t length = strlen((const char *)name);
  if (length < 2 || length > 10) return 0;
  xmlChar first = name[0] | 0x20;
  for (size_t index = 0; index < sizeof(wanted) / sizeof(wanted[0]); index++) {
    if ((xmlChar)wanted[index][0] == first && strlen(wanted[index]) == length &&
        xmlStrcasecmp(name, (const xmlChar *)wanted[index]) == 0) {
      return 1;
    }
  }
  return 0;
}

/// Copies one attribute (value NULL: none) onto the element last added.
static inline void nlpipe_flat_add_attribute(nlpipe_flat *flat, int32_t element,
                                             const xmlChar *name, const xmlChar *value) {
  if (!nlpipe_flat_wanted_attribute(name)) return;
  if (!nlpipe_flat_reserve((void **)&flat->attributes, &flat->attributeCapacity,
                           flat->attributeCount + 1, sizeof(nlpipe_flat_attribute))) {
    flat->failed = 1;
    return;
  }
  long nameOffset = nlpipe_flat_store_string(flat, name);
  long valueOffset = nlpipe_flat_store_string(flat, value);
  nlpipe_flat_attribute *attribute = &flat->attributes[flat->attributeCount];
  attribute->name = nameOffset;
  attribute->value = valueOffset;
  nlpipe_flat_node *node = &flat->nodes[element];
  if (node->attributeCount == 0) node->attributeStart = (int32_t)flat->attributeCount;
  node->attributeCount += 1;
  flat->attributeCount += 1;
}

/// Appends text to a text or CDATA node, moving its bytes to the end first when something
/// was stored after them.
static inline void nlpipe_flat_extend(nlpipe_flat *flat, int32_t index, const xmlChar *text,
                                      long length) {
  nlpipe_flat_node *node = &flat->nodes[index];
  if (node->content < 0 || node->content + node->length + 1 != flat->byteCount) {
    long old = node->content;
    long oldLength = old < 0 ? 0 : node->length;
    if (!nlpipe_flat_reserve((void **)&flat->bytes, &flat->byteCapacity,
                             flat->byteCount + oldLength + 1, 1)) {
      flat->failed = 1;
      return;
    }
    long moved = flat->byteCount;
    if (oldLength > 0) memcpy(flat->bytes + moved, flat->bytes + old, (size_t)oldLength);
    flat->bytes[moved + oldLength] = 0;
    flat->byteCount += oldLength + 1;
    node = &flat->nodes[index];
    node->content = moved;
    node->length = oldLength;
  }
  flat->byteCount -= 1;
  long offset = nlpipe_flat_store(flat, text, length);
  if (offset < 0) return;
  flat->nodes[index].length += length;
}

// MARK: SAX handler (HTML)

static inline nlpipe_flat *nlpipe_flat_of(void *ctx) {
  return (nlpipe_flat *)((xmlParserCtxtPtr)ctx)->_private;
}

/// The open element (libxml2's `ctxt->node`), -1 when none.
static inline int32_t nlpipe_flat_current(nlpipe_flat *flat) {
  return flat->depth > 0 ? flat->stack[flat->depth - 1] : -1;
}

/// The element name the tree builder keeps: xmlSAX2StartElement splits a prefix off
/// (xmlSplitQName: after the first ':', unless the name starts or ends with it).
static inline const xmlChar *nlpipe_flat_local_name(const xmlChar *name) {
  if (name == NULL || name[0] == ':') return name;
  const xmlChar *colon = (const xmlChar *)strchr((const char *)name, ':');
  if (colon == NULL || colon[1] == 0) return name;
  return colon + 1;
}

static void nlpipe_flat_start_element(void *ctx, const xmlChar *name, const xmlChar **atts) {
  nlpipe_flat *flat = nlpipe_flat_of(ctx);
  if (flat->failed) return;
  int32_t parent = nlpipe_flat_current(flat);
  if (parent < 0) {
    // Like xmlSAX2StartElement: the first node of the document, else under the document's
    // first child when that is an element (after the DTD, or another node, a sibling).
    int32_t first = flat->nodes[0].firstChild;
    parent = (first >= 0 && !flat->hasDTD && flat->nodes[first].type == NLPIPE_FLAT_ELEMENT)
                 ? first
                 : 0;
  }
  // The tree builder's nodePush refuses nesting deeper than xmlParserMaxDepth and halts.
  if ((unsigned long)flat->depth > (unsigned long)xmlParserMaxDepth) {
    xmlStopParser((xmlParserCtxtPtr)ctx);
    return;
  }
  if (!nlpipe_flat_reserve((void **)&flat->stack, &flat->stackCapacity, flat->depth + 1,
                           sizeof(int32_t))) {
    flat->failed = 1;
    xmlStopParser((xmlParserCtxtPtr)ctx);
    return;
  }
  int32_t element = nlpipe_flat_add(flat, NLPIPE_FLAT_ELEMENT, parent);
  if (element < 0) {
    xmlStopParser((xmlParserCtxtPtr)ctx);
    return;
  }
  long nameOffset = nlpipe_flat_store_string(flat, nlpipe_flat_local_name(name));
  flat->nodes[element].name = nameOffset;
  flat->stack[flat->depth++] = element;
  if (atts == NULL) return;
  for (long index = 0; atts[index] != NULL; index += 2) {
    const xmlChar *value = atts[index + 1];
    // xmlSAX2AttributeInternal: a boolean HTML attribute without a value gets its name.
    if (value == NULL && htmlIsBooleanAttr(atts[index])) value = atts[index];
    nlpipe_flat_add_attribute(flat, element, atts[index], value);
  }
}

static void nlpipe_flat_end_element(void *ctx, const xmlChar *name) {
  (void)name;
  nlpipe_flat *flat = nlpipe_flat_of(ctx);
  if (flat->depth > 0) flat->depth -= 1;
}

static void nlpipe_flat_characters(void *ctx, const xmlChar *ch, int len) {
  nlpipe_flat *flat = nlpipe_flat_of(ctx);
  int32_t parent = nlpipe_flat_current(flat);
  if (parent < 0 || flat->failed) return;
  long start, end;
  nlpipe_source_range((xmlParserCtxtPtr)ctx, flat->source, flat->size, ch, len, &start, &end);
  int32_t last = flat->nodes[parent].lastChild;
  if (last >= 0 && flat->nodes[last].type == NLPIPE_FLAT_TEXT) {
    nlpipe_flat_extend(flat, last, ch, len);
    if (end > flat->nodes[last].sourceEnd) flat->nodes[last].sourceEnd = end;
    return;
  }
  int32_t text = nlpipe_flat_add(flat, NLPIPE_FLAT_TEXT, parent);
  if (text < 0) return;
  long offset = nlpipe_flat_store(flat, ch, len);
  flat->nodes[text].content = offset;
  flat->nodes[text].length = len;
  flat->nodes[text].sourceStart = start;
  flat->nodes[text].sourceEnd = end;
}

/// A CDATA node: in HTML only the body of a `script` or `style` (which the walker never
/// reads), so its text is not copied; the node is kept, as it ends a text run.
static void nlpipe_flat_cdata(void *ctx, const xmlChar *value, int len) {
  (void)value;
  (void)len;
  nlpipe_flat *flat = nlpipe_flat_of(ctx);
  int32_t parent = nlpipe_flat_current(flat);
  if (parent < 0 || flat->failed) return;
  int32_t last = flat->nodes[parent].lastChild;
  if (last >= 0 && flat->nodes[last].type == NLPIPE_FLAT_CDATA) return;
  nlpipe_flat_add(flat, NLPIPE_FLAT_CDATA, parent);
}

/// A comment or processing instruction: under the open element, else on the document.
static void nlpipe_flat_other(nlpipe_flat *flat) {
  if (flat->failed) return;
  int32_t parent = nlpipe_flat_current(flat);
  nlpipe_flat_add(flat, NLPIPE_FLAT_OTHER, parent < 0 ? 0 : parent);
}

static void nlpipe_flat_comment(void *ctx, const xmlChar *value) {
  (void)value;
  nlpipe_flat_other(nlpipe_flat_of(ctx));
}

static void nlpipe_flat_instruction(void *ctx, const xmlChar *target, const xmlChar *data) {
  (void)target;
  (void)data;
  nlpipe_flat_other(nlpipe_flat_of(ctx));
}

static void nlpipe_flat_doctype(void *ctx, const xmlChar *name, const xmlChar *externalID,
                                const xmlChar *systemID) {
  (void)name;
  (void)externalID;
  (void)systemID;
  // The DTD becomes the document's first child (only the first one counts).
  nlpipe_flat_of(ctx)->hasDTD = 1;
}

/// Starts the arrays with the document node.
static inline int nlpipe_flat_begin(nlpipe_flat *flat, const unsigned char *buffer, int size) {
  memset(flat, 0, sizeof(*flat));
  flat->source = buffer;
  flat->size = size;
  return nlpipe_flat_add(flat, NLPIPE_FLAT_DOCUMENT, -1) == 0;
}

/// Reads UTF-8 HTML with libxml2's HTML parser into `flat` (no tree). Returns 0 when
/// libxml2 could not start or memory ran out. Free `flat` with `nlpipe_flat_free` either way.
static inline int nlpipe_flat_parse_html(const unsigned char *buffer, int size, int options,
                                         nlpipe_flat *flat) {
  nlpipe_xml_silence_errors();
  if (!nlpipe_flat_begin(flat, buffer, size)) return 0;
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt((const char *)buffer, size);
  if (ctxt == NULL) return 0;
  // The bytes are UTF-8: no converter (so xmlByteConsumed is exact), no guessing.
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  ctxt->charset = XML_CHAR_ENCODING_UTF8;
  htmlCtxtUseOptions(ctxt, options);
  ctxt->_private = flat;
  xmlSAXHandlerPtr sax = ctxt->sax;
  if (sax == NULL) {
    htmlFreeParserCtxt(ctxt);
    return 0;
  }
  errorSAXFunc error = sax->error;
  warningSAXFunc warning = sax->warning;
  fatalErrorSAXFunc fatalError = sax->fatalError;
  memset(sax, 0, sizeof(*sax));
  sax->error = error;
  sax->warning = warning;
  sax->fatalError = fatalError;
  sax->startElement = nlpipe_flat_start_element;
  sax->endElement = nlpipe_flat_end_element;
  sax->characters = nlpipe_flat_characters;
  sax->cdataBlock = nlpipe_flat_cdata;
  sax->comment = nlpipe_flat_comment;
  sax->processingInstruction = nlpipe_flat_instruction;
  sax->internalSubset = nlpipe_flat_doctype;
  sax->initialized = 1;
  htmlParseDocument(ctxt);
  if (ctxt->myDoc != NULL) {
    xmlFreeDoc(ctxt->myDoc);
    ctxt->myDoc = NULL;
  }
  htmlFreeParserCtxt(ctxt);
  return !flat->failed;
}

// MARK: from a tree (XML, and HTML for the tests)

static void nlpipe_flat_copy_children(nlpipe_flat *flat, xmlNodePtr node, int32_t parent,
                                      const nlpipe_tracker *tracker) {
  for (xmlNodePtr child = node->children; child != NULL && !flat->failed; child = child->next) {
    switch (child->type) {
      case XML_ELEMENT_NODE: {
        int32_t element = nlpipe_flat_add(flat, NLPIPE_FLAT_ELEMENT, parent);
        if (element < 0) return;
        long name = nlpipe_flat_store_string(flat, child->name);
        flat->nodes[element].name = name;
        flat->nodes[element].xhtml =
            child->ns != NULL &&
            xmlStrEqual(child->ns->href, (const xmlChar *)"http://www.w3.org/1999/xhtml");
        for (xmlAttrPtr attribute = child->properties; attribute != NULL;
             attribute = attribute->next) {
          const xmlChar *value = attribute->children != NULL ? attribute->children->content : NULL;
          nlpipe_flat_add_attribute(flat, element, attribute->name, value);
        }
        nlpipe_flat_copy_children(flat, child, element, tracker);
        break;
      }
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE: {
        int32_t text = nlpipe_flat_add(
            flat, child->type == XML_TEXT_NODE ? NLPIPE_FLAT_TEXT : NLPIPE_FLAT_CDATA, parent);
        if (text < 0) return;
        long content = nlpipe_flat_store_string(flat, child->content);
        flat->nodes[text].content = content;
        flat->nodes[text].length = content < 0 ? 0 : (long)strlen((const char *)child->content);
        long mark = nlpipe_node_mark(child);
        if (mark > 0 && mark <= tracker->count) {
          flat->nodes[text].sourceStart = tracker->ranges[2 * mark - 2];
          flat->nodes[text].sourceEnd = tracker->ranges[2 * mark - 1];
        }
        break;
      }
      case XML_COMMENT_NODE:
      case XML_PI_NODE:
        nlpipe_flat_add(flat, NLPIPE_FLAT_OTHER, parent);
        break;
      default:
        break;
    }
  }
}

/// Copies a libxml2 document (parsed with a tracker) into `flat`. Returns 0 when memory ran
/// out. Free `flat` with `nlpipe_flat_free` either way.
static inline int nlpipe_flat_from_tree(xmlDocPtr doc, const nlpipe_tracker *tracker,
                                        nlpipe_flat *flat) {
  if (!nlpipe_flat_begin(flat, tracker->source, tracker->size)) return 0;
  nlpipe_flat_copy_children(flat, (xmlNodePtr)doc, 0, tracker);
  return !flat->failed;
}
#endif
