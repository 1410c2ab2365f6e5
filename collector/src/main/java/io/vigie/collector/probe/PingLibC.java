package io.vigie.collector.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls the ICMP datagram socket needs, through JNA. Linux only (x86_64 and aarch64
 * share these constants); {@code size_t} and {@code ssize_t} are Java {@code long} (LP64). Each
 * call throws {@link LastErrorException} with the errno when it fails.
 */
interface PingLibC extends Library {
  int AF_INET = 2;
  int AF_INET6 = 10;
  int SOCK_DGRAM = 2;
  int SOCK_NONBLOCK = 0x800;
  int SOCK_CLOEXEC = 0x80000;
  int IPPROTO_ICMP = 1;
  int IPPROTO_ICMPV6 = 58;
  int EFD_NONBLOCK = 0x800;
  int EFD_CLOEXEC = 0x80000;
  short POLLIN = 0x1;
  int MSG_DONTWAIT = 0x40;
  int EAGAIN = 11;
  int EINTR = 4;
  int EACCES = 13;
  int EPERM = 1;
  int EAFNOSUPPORT = 97;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen)
      throws LastErrorException;

  long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrlen)
      throws LastErrorException;

  int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;

  int eventfd(int initval, int flags) throws LastErrorException;

  long read(int fd, byte[] buf, long count) throws LastErrorException;

  long write(int fd, byte[] buf, long count) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  /** {@code SIOCGSTAMPNS}: when the kernel received the socket's last packet (CLOCK_REALTIME). */
  long SIOCGSTAMPNS = 0x8907;

  /** {@code ioctl(fd, request, arg)} with a pointer argument. */
  int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

  /** Loads libc; throws {@link UnsatisfiedLinkError} or {@link LinkageError} where JNA cannot. */
  static PingLibC load() {
    return Native.load("c", PingLibC.class);
  }
}
