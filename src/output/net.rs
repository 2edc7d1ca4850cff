//! What the network outputs share: reading `HOST[:PORT]` and a UDP socket aimed at the receiver.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};

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

/// A UDP socket connected to `host:port`, so sends need no address and a
/// receiver that is not there shows up as an error on a later send.
pub fn udp_to(host: &str, port: u16) -> io::Result<UdpSocket> {
    let target: SocketAddr = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address")))?;
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
}
