//! What the server gives Pixlet apps beyond the Starlet runtime itself: the
//! network their `http` requests go out on.

pub mod network;
