//! What the load generator's tests share: where their clients connect from.

use std::net::{Ipv4Addr, SocketAddr};

use retroboard_loadgen::fleet::Target;

/// A server in this process, reached from two loopback addresses.
pub fn target(server: SocketAddr) -> Target {
    Target {
        server,
        sources: vec![Ipv4Addr::new(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 2)],
        server_pid: Some(std::process::id()),
    }
}
