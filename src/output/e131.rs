//! `--display e131://HOST[:PORT]` or `e131://multicast`: frames as E1.31 (sACN) DMX data over
//! UDP, for lighting controllers and WLED's E1.31 mode.
//!
//! Each frame is RGB, row by row from the top left, 170 pixels (510
//! channels) to a universe, in consecutive universes from `universe` (1
//! unless given): a 64x32 panel takes 13, the last carrying 8 pixels. A panel
//! whose last universe would pass 63999, the highest E1.31 allows, is
//! refused. Each universe counts its own sequence numbers, as receivers check
//! them per universe; packets carry priority 100 and the source name
//! "RetroBoard". The current frame is sent again every second while nothing
//! changes, since receivers give a source up after 2.5 seconds of silence.
//!
//! A HOST gets every universe and is resolved as frames go (see
//! [`super::net::Receiver`]). `multicast` sends each universe to the group its
//! receivers join, 239.255.{high byte}.{low byte} (see [`route`]). With
//! `sync`, data packets name a synchronisation universe and each frame ends
//! with a synchronisation packet on it, so receivers that honour it show all
//! universes of the frame at once rather than one after another.
//!
//! The packets are laid out by the `sacn` crate's packet types; its sending
//! side, with a socket and threads of its own, is not used, since the
//! output's worker already owns the sending.

mod route;
mod target;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use sacn::packet::{
    AcnRootLayerProtocol, DataPacketDmpLayer, DataPacketFramingLayer, E131RootLayer, E131RootLayerData,
    SynchronizationPacketFramingLayer,
};
use uuid::Uuid;

use super::{Device, Kind, Opener};
use crate::gfx::Frame;
use route::Route;
use target::Target;

/// The port E1.31 receivers listen on.
const DEFAULT_PORT: u16 = 5568;
const FIRST_UNIVERSE: u16 = 1;
const LAST_UNIVERSE: u16 = 63999;
/// 510 of a universe's 512 channels: whole RGB pixels only, as WLED and most
/// pixel controllers map them.
const PIXELS_PER_UNIVERSE: usize = 170;
const CHANNELS_PER_UNIVERSE: usize = PIXELS_PER_UNIVERSE * 3;
/// DMX's start code for plain channel levels, the first property value.
const START_CODE: u8 = 0;
const PRIORITY: u8 = 100;
const SOURCE_NAME: &str = "RetroBoard";
/// The source's component identifier. It names the software, not one run:
/// a restart, a reopened output or another cluster instance taking over the
/// panel carries on as the same source, where a fresh identifier would look
/// like a second source at the same priority that receivers keep merging
/// with the silent one until they give it up. Two boards sending to the same
/// universes of one receiver would clash whatever their identifiers.
const CID: Uuid = Uuid::from_u128(0xa79c_aa7a_5f39_42b5_91ec_f3a4_990d_8fc2);
/// No synchronisation universe: each universe is shown as it arrives.
const NO_SYNCHRONIZATION: u16 = 0;
const REFRESH: Duration = Duration::from_secs(1);

/// `--display e131://HOST[:PORT]` or `e131://multicast`, with `?universe=N&sync=U`.
pub const KIND: Kind = Kind {
    usage: "e131://HOST|multicast[:PORT][?universe=N]",
    parse: |display, options| {
        let target = display.strip_prefix("e131://")?;
        let parsed = Target::parse(target, options).map(|target| {
            let open = move |size| Ok(Box::new(E131::connect(&target, size)?) as Box<dyn Device>);
            Arc::new(open) as Opener
        });
        Some(parsed)
    },
};

/// How many universes a frame of `pixels` takes from `first`; an error if the last would pass 63999.
fn universes_for(first: u16, pixels: usize) -> Result<usize, String> {
    let count = pixels.div_ceil(PIXELS_PER_UNIVERSE).max(1);
    let last = usize::from(first) + count - 1;
    if last > usize::from(LAST_UNIVERSE) {
        return Err(format!(
            "{pixels} pixels need E1.31 universes {first} to {last}, past the last, {LAST_UNIVERSE}"
        ));
    }
    Ok(count)
}

/// The universe a frame's synchronisation packet goes to, with its own sequence numbers.
struct Synchronization {
    universe: u16,
    sequence: u8,
}

/// One E1.31 receiver, or the multicast groups of the universes.
struct E131 {
    route: Route,
    first: u16,
    /// The next sequence number of each universe, from the first.
    sequences: Vec<u8>,
    synchronization: Option<Synchronization>,
    /// One universe's property values: the start code, then its channels.
    values: Vec<u8>,
    packet: Vec<u8>,
}

impl E131 {
    /// Prepares to send frames of `width` x `height`, refusing a frame
    /// that would need universes past the last.
    fn connect(target: &Target, (width, height): (u16, u16)) -> io::Result<Self> {
        let pixels = usize::from(width) * usize::from(height);
        let universes = universes_for(target.universe, pixels).map_err(io::Error::other)?;
        Ok(Self {
            route: Route::new(&target.destination),
            first: target.universe,
            sequences: vec![0; universes],
            synchronization: target.sync.map(|universe| Synchronization { universe, sequence: 0 }),
            values: Vec::with_capacity(1 + CHANNELS_PER_UNIVERSE),
            packet: Vec::new(),
        })
    }
}

impl Device for E131 {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        let synchronization_address = self
            .synchronization
            .as_ref()
            .map_or(NO_SYNCHRONIZATION, |synchronization| synchronization.universe);
        let channels = frame.rgb().chunks(CHANNELS_PER_UNIVERSE);
        for (universe, (channels, sequence)) in (self.first..).zip(channels.zip(&mut self.sequences)) {
            self.values.clear();
            self.values.push(START_CODE);
            self.values.extend_from_slice(channels);
            let data = data_packet(universe, *sequence, synchronization_address, &self.values);
            pack(&mut self.packet, data)?;
            self.route.send(universe, &self.packet)?;
            // Only a packet that went out uses up a number.
            *sequence = sequence.wrapping_add(1);
        }
        if let Some(Synchronization { universe, sequence }) = &mut self.synchronization {
            pack(&mut self.packet, synchronization_packet(*universe, *sequence))?;
            self.route.send(*universe, &self.packet)?;
            *sequence = sequence.wrapping_add(1);
        }
        Ok(())
    }

    fn refresh_every(&self) -> Option<Duration> {
        Some(REFRESH)
    }
}

/// The data packet carrying `values` (start code and channels) to `universe`.
fn data_packet(universe: u16, sequence: u8, synchronization_address: u16, values: &[u8]) -> E131RootLayerData<'_> {
    E131RootLayerData::DataPacket(DataPacketFramingLayer {
        source_name: SOURCE_NAME.into(),
        priority: PRIORITY,
        synchronization_address,
        sequence_number: sequence,
        preview_data: false,
        stream_terminated: false,
        force_synchronization: false,
        universe,
        data: DataPacketDmpLayer {
            property_values: values.into(),
        },
    })
}

/// The packet telling receivers of the frame's universes to show what they hold.
fn synchronization_packet(universe: u16, sequence: u8) -> E131RootLayerData<'static> {
    E131RootLayerData::SynchronizationPacket(SynchronizationPacketFramingLayer {
        sequence_number: sequence,
        synchronization_address: universe,
    })
}

/// Writes the packet of this source carrying `data` into `out`.
fn pack(out: &mut Vec<u8>, data: E131RootLayerData<'_>) -> io::Result<()> {
    let packet = AcnRootLayerProtocol {
        pdu: E131RootLayer { cid: CID, data },
    };
    packet.pack_vec(out).map_err(io::Error::other)
}

#[cfg(test)]
mod tests;
