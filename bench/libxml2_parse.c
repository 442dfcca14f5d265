/* Bare libxml2 HTML parse of every file named on the command line, N rounds: the floor
 * that nlpipe's cleanup+boilerplate is compared with (bench/extraction-peers.sh).
 * Same parser options as nlpipe's cleanup (recover, no network, no errors), no text walk.
 * Prints wall-clock and CPU time (the process's, CLOCK_PROCESS_CPUTIME_ID) per page. */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void quiet(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s ROUNDS FILE...\n", argv[0]); return 2; }
  int rounds = atoi(argv[1]);
  int n = argc - 2;
  char **bufs = calloc(n, sizeof *bufs);
  long *lens = calloc(n, sizeof *lens);
  for (int i = 0; i < n; i++) {
    FILE *f = fopen(argv[i + 2], "rb");
    if (!f) { perror(argv[i + 2]); return 1; }
    fseek(f, 0, SEEK_END); lens[i] = ftell(f); fseek(f, 0, SEEK_SET);
    bufs[i] = malloc(lens[i]);
    if (fread(bufs[i], 1, lens[i], f) != (size_t)lens[i]) { perror("read"); return 1; }
    fclose(f);
  }
  xmlInitParser();
  xmlSetGenericErrorFunc(NULL, quiet);
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
             HTML_PARSE_COMPACT;
  struct timespec a, b, ca, cb;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
  long nodes = 0;
  for (int r = 0; r < rounds; r++)
    for (int i = 0; i < n; i++) {
      htmlDocPtr doc = htmlReadMemory(bufs[i], (int)lens[i], NULL, NULL, opts);
      if (doc) { nodes += doc->children != NULL; xmlFreeDoc(doc); }
    }
  clock_gettime(CLOCK_MONOTONIC, &b);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
  double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  double cpu = (cb.tv_sec - ca.tv_sec) + (cb.tv_nsec - ca.tv_nsec) / 1e9;
  printf("libxml2 %s bare htmlReadMemory: %d pages x %d rounds in %.3f s = %.2f ms/page "
         "(CPU %.2f ms/page)\n",
         LIBXML_DOTTED_VERSION, n, rounds, s, 1000 * s / (n * rounds), 1000 * cpu / (n * rounds));
  return nodes > 0 ? 0 : 1;
}
