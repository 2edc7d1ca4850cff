//! `--display ddp://HOST[:PORT]`: frames as DDP packets over UDP, the format WLED and many LED controllers receive.
//!
//! Each frame is sent as RGB, 8 bits per channel, row by row from the top
//! left, in packets of at most [`MAX_DATA`] bytes (480 pixels), each with the
//! 10-byte DDP header: version 1, a sequence number 1..=15 shared by a frame's
//! packets, data type RGB 8-bit, destination 1 (the default output), the byte
//! offset and the length; the push flag only on the frame's last packet, so
//! the receiver shows whole frames. The current frame is sent again every
//! second while nothing changes, since receivers leave their live mode after a
//! few seconds of silence. HOST is resolved as frames go (see [`net::Receiver`]).

use std::io;
use std::sync::Arc;
use std::time::Duration;

use super::{Device, Kind, Opener, net};
use crate::gfx::Frame;

/// The port DDP receivers listen on.
pub const DEFAULT_PORT: u16 = 4048;
/// Most pixel bytes in one packet: what WLED accepts.
pub const MAX_DATA: usize = 1440;
const HEADER: usize = 10;
/// Version 1.
const FLAGS: u8 = 0x40;
const PUSH: u8 = 0x01;
/// RGB, 8 bits per element.
const DATA_TYPE_RGB8: u8 = 0x0B;
/// The receiver's default output.
const DESTINATION: u8 = 1;
const REFRESH: Duration = Duration::from_secs(1);

/// `--display ddp://HOST[:PORT]`.
pub const KIND: Kind = Kind {
    usage: "ddp://HOST[:PORT]",
    parse: |display, _| {
        let target = display.strip_prefix("ddp://")?;
        let invalid = || format!("invalid DDP target '{target}'; expected ddp://HOST[:PORT]");
        let parsed = net::host_and_port(target, DEFAULT_PORT)
            .ok_or_else(invalid)
            .map(|(host, port)| {
                let open = move |_| Ok(Box::new(Ddp::new(net::Receiver::new(&host, port))) as Box<dyn Device>);
                Arc::new(open) as Opener
            });
        Some(parsed)
    },
};

/// One DDP receiver, found by its name.
struct Ddp {
    receiver: net::Receiver,
    sequence: u8,
    packet: Vec<u8>,
}

impl Ddp {
    fn new(receiver: net::Receiver) -> Self {
        Self {
            receiver,
            sequence: 0,
            packet: Vec::with_capacity(HEADER + MAX_DATA),
        }
    }
}

impl Device for Ddp {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        self.sequence = self.sequence % 15 + 1;
        let socket = self.receiver.socket()?;
        let chunks = frame.rgb().chunks(MAX_DATA);
        let last = chunks.len().saturating_sub(1);
        for (index, data) in chunks.enumerate() {
            packet(&mut self.packet, self.sequence, index * MAX_DATA, data, index == last);
            if let Err(error) = socket.send(&self.packet) {
                self.receiver.failed();
                return Err(error);
            }
        }
        Ok(())
    }

    fn refresh_every(&self) -> Option<Duration> {
        Some(REFRESH)
    }
}

/// Writes one DDP packet carrying `data` at byte `offset` of the frame into `out`.
fn packet(out: &mut Vec<u8>, sequence: u8, offset: usize, data: &[u8], push: bool) {
    out.clear();
    out.push(if push { FLAGS | PUSH } else { FLAGS });
    out.push(sequence);
    out.push(DATA_TYPE_RGB8);
    out.push(DESTINATION);
    // A frame is at most 1024x1024 pixels, so offsets and lengths fit their fields.
    out.extend_from_slice(&(offset as u32).to_be_bytes());
    out.extend_from_slice(&(data.len() as u16).to_be_bytes());
    out.extend_from_slice(data);
}

#[cfg(test)]
mod tests {
    use std::net::UdpSocket;

    use super::*;

    #[test]
    fn a_bad_target_is_named_with_the_form_expected() {
        assert_eq!(
            (KIND.parse)("ddp://host:port", &mut Default::default()).unwrap().err(),
            Some("invalid DDP target 'host:port'; expected ddp://HOST[:PORT]".into())
        );
    }

    #[test]
    fn a_64x32_frame_is_five_packets_pushed_on_the_last() {
        let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
        receiver.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let port = receiver.local_addr().unwrap().port();
        let mut ddp = Ddp::new(net::Receiver::new("127.0.0.1", port));
        let rgb: Vec<u8> = (0..64 * 32 * 3).map(|byte| (byte % 251) as u8).collect();
        let frame = Frame::new(64, 32, rgb.clone());

        for sequence in [1, 2] {
            ddp.show(&frame).unwrap();
            let mut rebuilt = vec![0u8; rgb.len()];
            for index in 0..5 {
                let mut buffer = [0u8; 2048];
                let size = receiver.recv(&mut buffer).unwrap();
                let packet = &buffer[..size];
                let offset = u32::from_be_bytes(packet[4..8].try_into().unwrap()) as usize;
                let length = u16::from_be_bytes(packet[8..10].try_into().unwrap()) as usize;
                let push = if index == 4 { 0x41 } else { 0x40 };
                assert_eq!(packet[..4], [push, sequence, 0x0B, 1], "packet {index}");
                assert_eq!((offset, length), (index * 1440, if index == 4 { 384 } else { 1440 }));
                rebuilt[offset..offset + length].copy_from_slice(&packet[10..]);
            }
            assert_eq!(rebuilt, rgb);
        }
    }

    #[test]
    fn the_sequence_runs_from_1_to_15_and_wraps() {
        let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
        let mut ddp = Ddp::new(net::Receiver::new("127.0.0.1", receiver.local_addr().unwrap().port()));
        let frame = Frame::blank(1, 1);
        let mut sequences = Vec::new();
        for _ in 0..16 {
            ddp.show(&frame).unwrap();
            let mut buffer = [0u8; 64];
            receiver.recv(&mut buffer).unwrap();
            sequences.push(buffer[1]);
        }
        assert_eq!(sequences, (1..=15).chain([1]).collect::<Vec<_>>());
    }
}
