//! Compiling an app's pattern: parsed with `regex-syntax`, rewritten so the
//! Perl classes (`\d`, `\w`, `\s`) and word boundaries mean ASCII as in Go's
//! RE2 rather than Unicode as in the `regex` crate, then compiled within
//! size limits.

use regex::{Regex, RegexBuilder};
use regex_syntax::ast::parse::ParserBuilder;
use regex_syntax::ast::print::Printer;
use regex_syntax::ast::{
    Assertion, AssertionKind, Ast, ClassAscii, ClassAsciiKind, ClassBracketed, ClassPerl, ClassPerlKind, ClassSet,
    ClassSetItem, ClassSetUnion, Flag, Flags, FlagsItem, FlagsItemKind, Group, GroupKind, HexLiteralKind, Literal,
    LiteralKind, Span, SpecialLiteralKind,
};

/// Longest pattern accepted, in bytes.
pub const MAX_PATTERN_LEN: usize = 32 << 10;
/// Most memory one compiled pattern (and its lazy DFA) may take.
pub const MAX_COMPILED_SIZE: usize = 8 << 20;

/// Why a pattern was refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The pattern is not valid RE2 syntax.
    #[error("error parsing regexp: {0}")]
    Syntax(String),
    /// The pattern, or what it compiles to, is too big.
    #[error("regular expression too big: {0}")]
    TooBig(String),
}

/// `pattern` compiled with Go's meaning of the Perl classes.
pub fn compile(pattern: &str) -> Result<Regex, Error> {
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(Error::TooBig(format!(
            "the pattern is {} bytes, over the {MAX_PATTERN_LEN}-byte limit",
            pattern.len()
        )));
    }
    let mut ast = ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| Error::Syntax(e.kind().to_string()))?;
    ascii_perl_classes(&mut ast);
    let mut rewritten = String::with_capacity(pattern.len());
    Printer::new()
        .print(&ast, &mut rewritten)
        .expect("printing to a String does not fail");
    RegexBuilder::new(&rewritten)
        .size_limit(MAX_COMPILED_SIZE)
        .dfa_size_limit(MAX_COMPILED_SIZE)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                Error::TooBig(format!("it compiles to more than the {limit}-byte limit"))
            }
            other => Error::Syntax(other.to_string()),
        })
}

fn ascii_perl_classes(ast: &mut Ast) {
    match ast {
        Ast::ClassPerl(perl) => {
            let class = ClassBracketed {
                span: perl.span,
                negated: perl.negated,
                kind: ClassSet::Item(ascii_item(perl)),
            };
            *ast = Ast::ClassBracketed(Box::new(class));
        }
        Ast::ClassBracketed(class) => ascii_set(&mut class.kind),
        Ast::Assertion(assertion)
            if matches!(
                assertion.kind,
                AssertionKind::WordBoundary | AssertionKind::NotWordBoundary
            ) =>
        {
            *ast = ascii_assertion(assertion);
        }
        Ast::Repetition(repetition) => ascii_perl_classes(&mut repetition.ast),
        Ast::Group(group) => ascii_perl_classes(&mut group.ast),
        Ast::Alternation(alternation) => alternation.asts.iter_mut().for_each(ascii_perl_classes),
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(ascii_perl_classes),
        _ => {}
    }
}

fn ascii_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => ascii_set_item(item),
        ClassSet::BinaryOp(op) => {
            ascii_set(&mut op.lhs);
            ascii_set(&mut op.rhs);
        }
    }
}

fn ascii_set_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Perl(perl) if perl.negated => {
            *item = ClassSetItem::Bracketed(Box::new(ClassBracketed {
                span: perl.span,
                negated: true,
                kind: ClassSet::Item(ascii_item(perl)),
            }));
        }
        ClassSetItem::Perl(perl) => *item = ascii_item(perl),
        ClassSetItem::Bracketed(class) => ascii_set(&mut class.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(ascii_set_item),
        _ => {}
    }
}

/// The characters of a Perl class (ignoring its negation), as Go's RE2
/// defines them: `[0-9]`, `[0-9A-Za-z_]`, `[\t\n\f\r ]`.
fn ascii_item(perl: &ClassPerl) -> ClassSetItem {
    let span = perl.span;
    let ascii = |kind| {
        ClassSetItem::Ascii(ClassAscii {
            span,
            kind,
            negated: false,
        })
    };
    match perl.kind {
        ClassPerlKind::Digit => ascii(ClassAsciiKind::Digit),
        ClassPerlKind::Word => ascii(ClassAsciiKind::Word),
        ClassPerlKind::Space => {
            let literal = |kind, c| ClassSetItem::Literal(Literal { span, kind, c });
            let items = vec![
                literal(LiteralKind::Special(SpecialLiteralKind::Tab), '\t'),
                literal(LiteralKind::Special(SpecialLiteralKind::LineFeed), '\n'),
                literal(LiteralKind::Special(SpecialLiteralKind::FormFeed), '\x0c'),
                literal(LiteralKind::Special(SpecialLiteralKind::CarriageReturn), '\r'),
                literal(LiteralKind::HexFixed(HexLiteralKind::X), ' '),
            ];
            ClassSetItem::Union(ClassSetUnion { span, items })
        }
    }
}

/// `\b` or `\B` inside `(?-u:...)`: a boundary between ASCII word
/// characters and the rest, as in Go.
fn ascii_assertion(assertion: &Assertion) -> Ast {
    let span: Span = assertion.span;
    let item = |kind| FlagsItem { span, kind };
    Ast::Group(Box::new(Group {
        span,
        kind: GroupKind::NonCapturing(Flags {
            span,
            items: vec![item(FlagsItemKind::Negation), item(FlagsItemKind::Flag(Flag::Unicode))],
        }),
        ast: Box::new(Ast::Assertion(Box::new(assertion.clone()))),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(pattern: &str) -> String {
        compile(pattern).unwrap().as_str().to_owned()
    }

    #[test]
    fn perl_classes_become_ascii() {
        assert_eq!(rewritten(r"\d+"), r"[[:digit:]]+");
        assert_eq!(rewritten(r"\W"), r"[^[:word:]]");
        assert_eq!(rewritten(r"[^\w\d \-'&.!]"), r"[^[:word:][:digit:] \-'&.!]");
        assert_eq!(rewritten(r"[\S]"), r"[[^\t\n\f\r\x20]]");
        assert_eq!(rewritten(r"\bx\B"), r"(?-u:\b)x(?-u:\B)");
    }

    #[test]
    fn ascii_classes_match_as_go_matches() {
        let word = compile(r"\w+").unwrap();
        assert_eq!(word.find("ßab").map(|m| m.as_str()), Some("ab"));
        let digits = compile(r"\d").unwrap();
        assert!(!digits.is_match("٣"));
        let boundary = compile(r"\bab").unwrap();
        assert!(boundary.is_match("éab"));
    }

    #[test]
    fn oversized_patterns_are_refused() {
        assert!(matches!(
            compile(&"a".repeat(MAX_PATTERN_LEN + 1)),
            Err(Error::TooBig(_))
        ));
        assert!(matches!(compile(r"(?:\w{1000}){1000}"), Err(Error::TooBig(_))));
        assert!(matches!(compile("(abc"), Err(Error::Syntax(_))));
    }
}
