//! What the network outputs share: reading `HOST[:PORT]`, and a [`Receiver`]: a UDP socket
//! aimed at the receiver's address, followed as its name resolves.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{Duration, Instant};

/// `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`, with `default_port` when none is
/// given; `None` if it is none of these, so each kind names its own form in the error.
pub fn host_and_port(target: &str, default_port: u16) -> Option<(String, u16)> {
    let target = target.trim_end_matches('/');
    let (host, port) = match target.rsplit_once(':') {
        // A colon inside a bare IPv6 address is not a port separator.
        Some((host, port)) if !host.contains(':') || host.ends_with(']') => {
            (host, port.parse::<u16>().ok().filter(|port| *port > 0)?)
        }
        _ => (target, default_port),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    (!host.is_empty()).then(|| (host.to_owned(), port))
}

/// How often a receiver's name is resolved again while sending to it works.
const RESOLVE_EVERY: Duration = Duration::from_secs(30);

/// Finds the address of `host:port`.
pub type Resolve = Box<dyn Fn(&str, u16) -> io::Result<SocketAddr> + Send>;

/// A receiver known by name: a UDP socket aimed at the address the name has now.
///
/// The name is resolved when the first frame is sent, again after a send fails, and every
/// [`RESOLVE_EVERY`] meanwhile: a receiver that moves (DHCP, mDNS) keeps getting frames, and
/// one whose name does not resolve yet (`wled.local` before the controller is up) makes a
/// failing output, retried like any other, rather than a server that cannot start. While a
/// name does not resolve for the moment, the address it had is kept.
pub struct Receiver {
    host: String,
    port: u16,
    resolve: Resolve,
    every: Duration,
    aimed: Option<Aimed>,
}

struct Aimed {
    socket: UdpSocket,
    at: SocketAddr,
    resolved: Instant,
}

impl Receiver {
    pub fn new(host: &str, port: u16) -> Self {
        Self::resolving_with(host, port, Box::new(resolve), RESOLVE_EVERY)
    }

    /// Resolving with `resolve`, again every `every`.
    pub fn resolving_with(host: &str, port: u16, resolve: Resolve, every: Duration) -> Self {
        Self {
            host: host.to_owned(),
            port,
            resolve,
            every,
            aimed: None,
        }
    }

    /// The socket aimed at the receiver, resolving its name first if it is time to.
    pub fn socket(&mut self) -> io::Result<&UdpSocket> {
        let due = self
            .aimed
            .as_ref()
            .is_none_or(|aimed| aimed.resolved.elapsed() >= self.every);
        if due {
            match ((self.resolve)(&self.host, self.port), self.aimed.as_mut()) {
                (Ok(at), Some(aimed)) if aimed.at == at => aimed.resolved = Instant::now(),
                (Ok(at), _) => {
                    self.aimed = Some(Aimed {
                        socket: udp_to(at)?,
                        at,
                        resolved: Instant::now(),
                    });
                }
                (Err(error), Some(aimed)) => {
                    tracing::debug!(host = %self.host, %error, "cannot resolve a receiver again; keeping its address");
                    aimed.resolved = Instant::now();
                }
                (Err(error), None) => {
                    return Err(io::Error::new(
                        error.kind(),
                        format!("cannot resolve {}: {error}", self.host),
                    ));
                }
            }
        }
        let aimed = self.aimed.as_ref().expect("aimed above");
        Ok(&aimed.socket)
    }

    /// Sending failed: the name is resolved again before the next frame.
    pub fn failed(&mut self) {
        self.aimed = None;
    }
}

/// The first address `host:port` resolves to.
fn resolve(host: &str, port: u16) -> io::Result<SocketAddr> {
    (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address")))
}

/// A UDP socket connected to `target`, so sends need no address and a
/// receiver that is not there shows up as an error on a later send.
fn udp_to(target: SocketAddr) -> io::Result<UdpSocket> {
    let local: SocketAddr = if target.is_ipv4() {
        ([0, 0, 0, 0], 0).into()
    } else {
        ([0u16; 8], 0).into()
    };
    let socket = UdpSocket::bind(local)?;
    socket.connect(target)?;
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn targets_parse_with_the_default_port_and_bad_ones_are_refused() {
        let parsed = |target| host_and_port(target, 4048);
        assert_eq!(parsed("wled.local"), Some(("wled.local".into(), 4048)));
        assert_eq!(parsed("10.0.0.7:4049"), Some(("10.0.0.7".into(), 4049)));
        assert_eq!(parsed("10.0.0.7:4049/"), Some(("10.0.0.7".into(), 4049)));
        assert_eq!(parsed("[::1]:5000"), Some(("::1".into(), 5000)));
        assert_eq!(parsed("[::1]"), Some(("::1".into(), 4048)));
        for bad in ["", "host:0", "host:port", ":4048"] {
            assert_eq!(parsed(bad), None, "{bad:?}");
        }
    }

    /// A name whose address the test decides, counting how often it was looked up.
    fn named(address: Arc<Mutex<Option<SocketAddr>>>, every: Duration) -> Receiver {
        let resolve: Resolve = Box::new(move |_, _| {
            address
                .lock()
                .unwrap()
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such name yet"))
        });
        Receiver::resolving_with("panel.local", 4048, resolve, every)
    }

    fn listening() -> UdpSocket {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        socket
    }

    fn send(receiver: &mut Receiver, byte: u8) -> io::Result<()> {
        receiver.socket()?.send(&[byte]).map(|_| ())
    }

    fn received(socket: &UdpSocket) -> u8 {
        let mut buffer = [0u8; 8];
        socket.recv(&mut buffer).unwrap();
        buffer[0]
    }

    #[test]
    fn a_name_that_does_not_resolve_yet_is_an_error_until_it_does() {
        let address = Arc::new(Mutex::new(None));
        let mut receiver = named(address.clone(), RESOLVE_EVERY);
        let error = send(&mut receiver, 1).unwrap_err();
        assert_eq!(error.to_string(), "cannot resolve panel.local: no such name yet");
        let panel = listening();
        *address.lock().unwrap() = Some(panel.local_addr().unwrap());
        send(&mut receiver, 2).unwrap();
        assert_eq!(received(&panel), 2);
    }

    #[test]
    fn a_receiver_that_moves_is_followed_after_a_failure_or_in_time() {
        let (first, second) = (listening(), listening());
        let address = Arc::new(Mutex::new(Some(first.local_addr().unwrap())));
        let mut receiver = named(address.clone(), RESOLVE_EVERY);
        send(&mut receiver, 1).unwrap();
        assert_eq!(received(&first), 1);

        *address.lock().unwrap() = Some(second.local_addr().unwrap());
        send(&mut receiver, 2).unwrap();
        assert_eq!(received(&first), 2, "not looked up again before its time");
        receiver.failed();
        send(&mut receiver, 3).unwrap();
        assert_eq!(received(&second), 3, "looked up again after a failure");

        let mut often = named(address.clone(), Duration::ZERO);
        send(&mut often, 4).unwrap();
        assert_eq!(received(&second), 4);
        *address.lock().unwrap() = Some(first.local_addr().unwrap());
        send(&mut often, 5).unwrap();
        assert_eq!(received(&first), 5, "looked up again when it is time");
        *address.lock().unwrap() = None;
        send(&mut often, 6).unwrap();
        assert_eq!(received(&first), 6, "a name that stops resolving keeps its address");
    }
}
