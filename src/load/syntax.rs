//! Syntax errors in plain Chinese: what saphyr-parser reports ("mapping values are not allowed
//! in this context", at a line and column), said so that a village accountant can fix it.
//!
//! The English stays in brackets for whoever helps. Two of saphyr's positions are moved to where
//! the mistake was made: a quote left open is reported where it was opened (not where the file
//! ran out), and a key that lost its colon on its own line (not where the next line starts). A
//! full-width colon「：」typed for a key's colon is named in the hint, since it is the most
//! common cause of all.

use super::tree::{Problem, TOO_DEEP, TOO_DEEP_HINT};
use crate::model::spans::Pos;

/// A syntax error in plain Chinese: (position, message, hint).
pub fn explain(text: &str, mut pos: Pos, raw: &str) -> Problem {
    // A quote left open swallows the lines after it; point at the line where it was opened.
    let quote = unclosed_quote(text);
    if raw.contains("quoted scalar") && !raw.contains("trailing content") {
        if let Some((line, col)) = quote {
            pos = Pos { line, col };
        }
    }
    // A key without its colon is noticed only where the next line starts; point at the key.
    if raw.contains("simple key expect") {
        if let Some((n, l)) = text
            .lines()
            .enumerate()
            .take(pos.line.saturating_sub(1))
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .last()
        {
            let indent = l.chars().take_while(|c| c.is_whitespace()).count();
            pos = Pos {
                line: n + 1,
                col: indent + 1,
            };
        }
    }
    let (message, mut hint) = syntax_hint(raw);
    if let Some((n, _)) = quote.filter(|(n, _)| *n < pos.line) {
        hint = format!("第 {n} 行的引号「\"」只有一半,很可能是它引起的:补上另一半或都删掉");
    }
    // A full-width colon typed for a key's colon, on this line or above it.
    if let Some((n, _)) =
        text.lines().enumerate().take(pos.line).find(|(_, l)| {
            l.contains('：') && !l.contains(": ") && !l.trim_start().starts_with('#')
        })
    {
        hint = format!(
            "第 {} 行用了全角冒号「：」,请改成半角冒号加空格「: 」",
            n + 1
        );
    }
    (pos, message, Some(hint))
}

/// The first line with an odd number of double quotes (ignoring escaped ones and comments),
/// as (line, column of its last quote), both 1-based.
fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    for (n, l) in text.lines().enumerate() {
        if l.trim_start().starts_with('#') {
            continue;
        }
        let mut count = 0;
        let mut last = 0;
        let mut prev = ' ';
        for (i, c) in l.chars().enumerate() {
            if c == '"' && prev != '\\' {
                count += 1;
                last = i + 1;
            }
            prev = c;
        }
        if count % 2 == 1 {
            return Some((n + 1, last));
        }
    }
    None
}

/// saphyr's words, in plain Chinese; the English stays in brackets for whoever helps.
fn syntax_hint(raw: &str) -> (String, String) {
    // "while parsing a block mapping, did not find expected key" → the part that says what.
    let english = match raw.rsplit_once(", ") {
        Some((context, what)) if context.starts_with("while ") => what,
        _ => raw,
    };
    if raw.contains("recursion limit exceeded") {
        return (TOO_DEEP.into(), TOO_DEEP_HINT.into());
    }
    const KNOWN: &[(&str, &str, &str)] = &[
        (
            "mapping values are not allowed",
            "这里不能再写「键: 值」",
            "冒号后面要有一个空格;值里本身有冒号时,用引号把整个值括起来",
        ),
        (
            "did not find expected '-'",
            "缩进不对(列表项或键没有对齐)",
            "同一个列表里每一项的「- 」要上下对齐,同一层的键也要对齐",
        ),
        (
            "did not find expected key",
            "缩进不对,或少了冒号",
            "检查缩进:同一层的键要对齐",
        ),
        (
            "simple key expect",
            "少了冒号「:」",
            "每个键后面要有半角冒号和一个空格",
        ),
        (
            "trailing content after double-quoted",
            "引号后面还有别的内容",
            "把整个值都放进引号里,或者都不用引号",
        ),
        (
            "quoted scalar",
            "引号没有配对",
            "这一行的引号只有一半,补上另一半或都删掉",
        ),
        (
            "unexpected character",
            "有不能识别的字符",
            "行首可能有 Tab;值以 @ ` % 等开头时请加引号",
        ),
        (
            "unknown anchor",
            "用 * 引用了没有定义的名字",
            "不要用 & 和 *,直接把内容写出来",
        ),
        (
            "expected ',' or ']'",
            "方括号「[ ]」没有配对,或两项之间少了逗号",
            "检查这一行的「[」有没有对应的「]」",
        ),
        (
            "expected ',' or '}'",
            "花括号「{ }」没有配对,或两项之间少了逗号",
            "检查这一行的「{」有没有对应的「}」",
        ),
        (
            "illegal placement of ':'",
            "冒号「:」的位置不对",
            "检查上面的「[」「{」是否都有对应的「]」「}」;值里有冒号时用引号括起来",
        ),
        (
            "block sequence entries are not allowed",
            "这里不能开始列表(「- 」)",
            "列表要写在键的下一行并缩进,如 `approvers:` 下一行写 `  - 王书记`",
        ),
        (
            "is only valid inside a block",
            "「- 」列表项不能写在这里",
            "「[ ]」和「{ }」里面不能用「- 」开头的列表;检查上面的括号是否配对",
        ),
        (
            "did not find expected comment or line break",
            "「|」或「>」后面不能再写别的内容",
            "多行文字从下一行开始写,每行比键多缩进两格",
        ),
        (
            "wrongly indented line in block scalar",
            "多行文字(| 或 >)的缩进不对",
            "多行文字的每一行都要比它的键多缩进两格",
        ),
        ("tab", "这里用了制表符(Tab)", "把 Tab 换成空格"),
        (
            "invalid indentation",
            "缩进不对",
            "同一层的键要上下对齐,每级缩进两个空格",
        ),
        (
            "unprintable character",
            "有看不见的特殊字符",
            "这一行可能是从网页或 Word 复制来的:删掉后用键盘重新输入",
        ),
        (
            "must be followed by a valid YAML whitespace",
            "冒号「:」或「-」后面少了空格",
            "「键: 值」的冒号后面、列表的「-」后面都要有一个空格",
        ),
        (
            "unexpected end of stream",
            "文件意外结束",
            "引号或括号没有配对",
        ),
        ("unexpected eof", "文件意外结束", "引号或括号没有配对"),
        (
            "did not find expected node content",
            "这里缺了值",
            "检查这一行是否多了符号或少了内容",
        ),
    ];
    let (zh, hint) = KNOWN
        .iter()
        .find(|(en, _, _)| raw.contains(en))
        .map(|(_, zh, hint)| (*zh, *hint))
        .unwrap_or(("写法不对", "对照 docs/format.md 的示例检查这一行和上一行"));
    (format!("YAML 格式错误: {zh} ({english})"), hint.to_string())
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostic;
    use crate::load::tree::parse;

    fn err(text: &str) -> Diagnostic {
        parse(text, "f.yaml").unwrap_err()
    }

    #[test]
    fn syntax_errors_explain_themselves() {
        let e = err("a: 1\nb：2\nc: [1\n");
        assert!(e.message.starts_with("YAML 格式错误"), "{e}");
        assert!(e.hint.unwrap().contains("全角冒号"));
        let e = err("a:\n\t- 1\n");
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.message.contains("Tab"));
        let e = err("a: 1\nb: 2\na: 3\n");
        assert_eq!((e.line, e.col), (3, 1));
        assert!(e.message.contains("「a」写了两次(第 1 行已有)"), "{e}");
        let e = err("a: 1\n---\nb: 2\n");
        assert_eq!((e.line, e.col), (2, 1));
        let e = err("a: 1\nb 2\n\n# note\nc: 3\n");
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.message.contains("少了冒号"), "{e}");
        let e = err("a: \"x\nb: 1\nc: 2\n");
        assert_eq!((e.line, e.col), (1, 4));
        assert!(e.message.contains("引号没有配对"), "{e}");
    }
}
