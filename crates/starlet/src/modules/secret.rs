//! `secret.star`: `secret.decrypt(value)` gives `None`, as Pixlet does
//! outside Tidbyt's cloud, whose key alone could decrypt what
//! `pixlet encrypt` wrote; apps then fall back to their config
//! (`secret.decrypt(KEY) or config.get("api_key")`).

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::none::NoneType;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("secret", secret_members);
}

#[starlark_module]
fn secret_members(builder: &mut GlobalsBuilder) {
    /// `None`: no secret can be decrypted here.
    fn decrypt(#[starlark(require = pos)] value: Option<&str>) -> anyhow::Result<NoneType> {
        let _ = value;
        Ok(NoneType)
    }
}
