//! Where each E1.31 packet goes: every universe to one receiver, or each universe to the
//! multicast group receivers of that universe join.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};

use socket2::SockRef;

use super::target::Destination;
use crate::output::net;

/// Multicast stays on the local network.
const MULTICAST_TTL: u32 = 1;

pub enum Route {
    Host(net::Receiver),
    Multicast(Groups),
}

impl Route {
    pub fn new(destination: &Destination) -> Self {
        match destination {
            Destination::Host { host, port } => Self::Host(net::Receiver::new(host, *port)),
            Destination::Multicast { port, interface } => Self::Multicast(Groups {
                port: *port,
                interface: *interface,
                socket: None,
            }),
        }
    }

    /// Sends `packet` to where `universe` is received. After a failure the socket is
    /// opened again (and a host's name resolved again) for the next packet.
    pub fn send(&mut self, universe: u16, packet: &[u8]) -> io::Result<()> {
        let sent = match self {
            Self::Host(receiver) => receiver.socket().and_then(|socket| socket.send(packet)),
            Self::Multicast(groups) => groups.send(universe, packet),
        };
        if sent.is_err() {
            match self {
                Self::Host(receiver) => receiver.failed(),
                Self::Multicast(groups) => groups.socket = None,
            }
        }
        sent.map(drop)
    }
}

/// The multicast groups of the universes, reached through one socket.
pub struct Groups {
    port: u16,
    interface: Option<Ipv4Addr>,
    socket: Option<UdpSocket>,
}

impl Groups {
    fn send(&mut self, universe: u16, packet: &[u8]) -> io::Result<usize> {
        let group = group_of(universe, self.port)?;
        let socket = match &mut self.socket {
            Some(socket) => socket,
            empty => empty.insert(multicast_socket(self.interface)?),
        };
        socket.send_to(packet, group)
    }
}

/// The group receivers of `universe` join, 239.255.{high byte}.{low byte}, at `port`.
fn group_of(universe: u16, port: u16) -> io::Result<SocketAddr> {
    let mut group = sacn::packet::universe_to_ipv4_multicast_addr(universe)
        .map_err(io::Error::other)?
        .as_socket()
        .ok_or_else(|| io::Error::other(format!("no IPv4 multicast group for universe {universe}")))?;
    group.set_port(port);
    Ok(group)
}

/// A socket whose multicast stays on the local network, leaves by `interface` when one is
/// given, and loops back to this machine, so a viewer running beside the server sees it too.
fn multicast_socket(interface: Option<Ipv4Addr>) -> io::Result<UdpSocket> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
    socket.set_multicast_ttl_v4(MULTICAST_TTL)?;
    socket.set_multicast_loop_v4(true)?;
    if let Some(interface) = interface {
        SockRef::from(&socket)
            .set_multicast_if_v4(&interface)
            .map_err(|error| {
                io::Error::new(
                    error.kind(),
                    format!("cannot send multicast by interface {interface}: {error}"),
                )
            })?;
    }
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_universe_has_the_group_its_receivers_join() {
        let group = |universe| group_of(universe, 5568).unwrap().to_string();
        assert_eq!(group(1), "239.255.0.1:5568");
        assert_eq!(group(255), "239.255.0.255:5568");
        assert_eq!(group(256), "239.255.1.0:5568");
        assert_eq!(group(63999), "239.255.249.255:5568");
        assert_eq!(group_of(7000, 6000).unwrap().to_string(), "239.255.27.88:6000");
    }

    #[test]
    fn an_interface_this_machine_does_not_have_is_named() {
        // TEST-NET-2 is never a local address. Only the socket is set up: nothing is sent.
        let error = multicast_socket(Some(Ipv4Addr::new(198, 51, 100, 7))).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cannot send multicast by interface 198.51.100.7: "),
            "{error}"
        );
        multicast_socket(Some(Ipv4Addr::LOCALHOST)).unwrap();
    }
}
