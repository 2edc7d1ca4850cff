//! Load generator for RetroBoard and its peer servers: thousands of Socket.IO v4 clients over
//! WebSocket, open-loop REST commands, and the fan-out, memory, CPU and frame-pacing figures
//! they produce.

pub mod bare;
pub mod client;
pub mod commander;
pub mod fleet;
pub mod floor;
pub mod pacing;
pub mod plans;
pub mod procstat;
pub mod protocol;
pub mod rxstamp;
pub mod spread;
pub mod stats;
