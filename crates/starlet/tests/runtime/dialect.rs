//! Where Go's Starlark, which apps are written against, answers differently
//! from starlark-rust's and apps rely on Go's answer.

use crate::common::shown;

const LOADS: &str = "load(\"render.star\", \"render\")\nload(\"animation.star\", \"animation\")\n";

#[test]
fn type_names_render_values_as_pixlet_does() {
    // Apps test `type(child) == "Image"` before reading an image's delay.
    let names = shown(
        LOADS,
        "[type(render.Root(child = render.Box())), type(render.Text('a')), \
         type(render.Row(children = [])), type(animation.Keyframe(percentage = 0.5, transforms = [])), \
         type(render.Text('a')) == 'Text']",
    )
    .unwrap();
    assert_eq!(names, r#"["Root", "Text", "Row", "Keyframe", True]"#);
}

#[test]
fn type_names_other_values_as_before() {
    let names = shown(
        LOADS,
        "[type('a'), type(1), type(1.5), type(None), type([]), type({}), type(()), type(struct()), type(len), type(lambda: 1)]",
    )
    .unwrap();
    assert_eq!(
        names,
        r#"["string", "int", "float", "NoneType", "list", "dict", "tuple", "struct", "function", "function"]"#
    );
}
