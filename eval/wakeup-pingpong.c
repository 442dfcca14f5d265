// What one wake-up between two processes costs (docs/robustness.md, "Cost", stop 29): two
// processes hand a turn back and forth N times, woken either by a one-byte write and a
// blocking read on a socket pair (MODE 0, the worker channels' wake-ups until stop 28) or by a
// futex word in shared memory (MODE 1, WakeWord since stop 29). Prints the wall time per round
// trip and the CPU time (user + system of both) per wake-up. Linux only.
//   cc -O2 -o /tmp/pingpong eval/wakeup-pingpong.c && /tmp/pingpong 0 100000 && /tmp/pingpong 1 100000
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <linux/futex.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  int mode=atoi(argv[1]); int n=atoi(argv[2]);
  int sv[2]; socketpair(AF_UNIX,SOCK_STREAM,0,sv);
  uint32_t *w=mmap(0,4096,PROT_READ|PROT_WRITE,MAP_SHARED|MAP_ANONYMOUS,-1,0);
  double t0=now();
  pid_t p=fork();
  int me = p==0 ? 1 : 0; int fd = sv[me];
  uint32_t *mine=&w[me*16], *other=&w[(1-me)*16];
  for(int i=0;i<n;i++){
    if(me==0){ // post then wait
      if(mode==0){char b=1;send(fd,&b,1,0);recv(fd,&b,1,0);}
      else { __atomic_add_fetch(other,1,__ATOMIC_SEQ_CST); syscall(SYS_futex,other,FUTEX_WAKE,1,0,0,0);
        uint32_t t=(uint32_t)i; while(__atomic_load_n(mine,__ATOMIC_SEQ_CST)==t) syscall(SYS_futex,mine,FUTEX_WAIT,t,0,0,0);}
    } else {
      if(mode==0){char b;recv(fd,&b,1,0);send(fd,&b,1,0);}
      else { uint32_t t=(uint32_t)i; while(__atomic_load_n(mine,__ATOMIC_SEQ_CST)==t) syscall(SYS_futex,mine,FUTEX_WAIT,t,0,0,0);
        __atomic_add_fetch(other,1,__ATOMIC_SEQ_CST); syscall(SYS_futex,other,FUTEX_WAKE,1,0,0,0);}
    }
  }
  if(me==1) return 0;
  int st; struct rusage ru; wait4(p,&st,0,&ru); struct rusage me2; getrusage(RUSAGE_SELF,&me2);
  double cpu=ru.ru_utime.tv_sec+ru.ru_utime.tv_usec*1e-6+ru.ru_stime.tv_sec+ru.ru_stime.tv_usec*1e-6+me2.ru_utime.tv_sec+me2.ru_utime.tv_usec*1e-6+me2.ru_stime.tv_sec+me2.ru_stime.tv_usec*1e-6;
  double wall=now()-t0;
  printf("%s: %d round trips, wall %.2f us/trip, cpu %.2f us per wake-up (both sides)\n", mode?"futex":"socket", n, wall/n*1e6, cpu/(2*n)*1e6);
}
