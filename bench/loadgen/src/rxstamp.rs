//! A TCP stream that remembers when the kernel received the bytes it last returned.
//!
//! Latency is measured from the moment a command leaves the load generator to the moment the
//! event reaches the client's socket. Taking the clock after WebSocket decoding would add the
//! load generator's own scheduling delay, so reads go through `recvmsg` with `SO_TIMESTAMPNS`:
//! the kernel stamps each packet as it enters the receive path and hands the stamp back with
//! the data. When a kernel gives no stamp, the wall clock right after `recvmsg` is used and
//! counted, so a report can say which source its numbers came from.

use std::io;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;

/// Nanoseconds since the Unix epoch, on the same clock the kernel stamps with.
pub fn wall_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid out-pointer for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

pub struct StampedStream {
    inner: TcpStream,
    last_rx_ns: u64,
    kernel_stamps: u64,
    fallback_stamps: u64,
}

impl StampedStream {
    /// Wraps `inner`, asking the kernel for receive timestamps.
    pub fn new(inner: TcpStream) -> io::Result<Self> {
        enable_stamps(inner.as_raw_fd())?;
        Ok(Self {
            inner,
            last_rx_ns: 0,
            kernel_stamps: 0,
            fallback_stamps: 0,
        })
    }

    /// Receive time of the most recent bytes handed to the reader.
    pub fn last_rx_ns(&self) -> u64 {
        self.last_rx_ns
    }

    /// How many reads carried a kernel stamp, and how many fell back to the wall clock.
    pub fn stamp_sources(&self) -> (u64, u64) {
        (self.kernel_stamps, self.fallback_stamps)
    }
}

/// Asks the kernel to stamp every packet `fd` receives (`SO_TIMESTAMPNS`).
pub fn enable_stamps(fd: libc::c_int) -> io::Result<()> {
    let on: libc::c_int = 1;
    // SAFETY: valid fd and a c_int option value of the right size.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&on as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `recvmsg` into `buf` without blocking, returning the byte count and the kernel stamp if one
/// came with it. Works for TCP streams and UDP datagrams alike.
pub fn recv_stamped(fd: libc::c_int, buf: &mut [u8]) -> io::Result<(usize, Option<u64>)> {
    // u64 elements keep the control buffer aligned for cmsghdr.
    let mut control = [0u64; 8];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: msghdr is plain data; zeroed is a valid empty header.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = size_of_val(&control);
    // SAFETY: every pointer in `msg` refers to a live buffer of the stated length.
    let n = unsafe { libc::recvmsg(fd, &mut msg, libc::MSG_DONTWAIT) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut stamp = None;
    // SAFETY: the CMSG_* macros walk the control buffer the kernel just filled.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_TIMESTAMPNS {
                let ts = std::ptr::read_unaligned(libc::CMSG_DATA(cmsg) as *const libc::timespec);
                stamp = Some(ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64);
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
    }
    Ok((n as usize, stamp))
}

impl AsyncRead for StampedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            ready!(this.inner.poll_read_ready(cx))?;
            let fd = this.inner.as_raw_fd();
            let unfilled = buf.initialize_unfilled();
            match this.inner.try_io(Interest::READABLE, || recv_stamped(fd, unfilled)) {
                Ok((n, stamp)) => {
                    match stamp {
                        Some(ns) => {
                            this.kernel_stamps += 1;
                            this.last_rx_ns = ns;
                        }
                        None => {
                            this.fallback_stamps += 1;
                            this.last_rx_ns = wall_ns();
                        }
                    }
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for StampedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn reads_carry_a_receive_time_within_the_send_window() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client = tokio::spawn(async move { TcpStream::connect(addr).await.unwrap() });
        let (mut server, _) = listener.accept().await.unwrap();
        let mut stamped = StampedStream::new(client.await.unwrap()).unwrap();

        let before = wall_ns();
        server.write_all(b"hello").await.unwrap();
        let mut buf = [0u8; 16];
        let n = stamped.read(&mut buf).await.unwrap();
        let after = wall_ns();

        assert_eq!(&buf[..n], b"hello");
        let rx = stamped.last_rx_ns();
        assert!(before <= rx && rx <= after, "stamp {rx} outside [{before}, {after}]");
        let (kernel, fallback) = stamped.stamp_sources();
        assert_eq!(kernel + fallback, 1);
    }
}
