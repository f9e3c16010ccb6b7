//! Lines within a budget of characters: all of them when they fit, else the first ones in a
//! third of it, a marker saying how many were left out, and the last ones in the rest (the end
//! of a log or a list matters most). Lines longer than a third are shortened in the middle.

use std::borrow::Cow;

/// Room kept for the marker line.
const MARKER_ROOM: usize = 40;

/// `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `value` cut to about `limit` characters in the middle, at spaces where there are any.
pub fn shorten(value: &str, limit: usize) -> Cow<'_, str> {
    if value.len() <= limit {
        return Cow::Borrowed(value);
    }
    let boundary = |mut at: usize| {
        while !value.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let head = boundary(limit * 2 / 3);
    let head = value[head / 2..head]
        .rfind(' ')
        .map_or(head, |s| head / 2 + s);
    let tail = boundary(value.len() - limit / 3);
    let tail = value[tail..]
        .find(' ')
        .filter(|s| *s < (value.len() - tail) / 2)
        .map_or(tail, |s| tail + s + 1);
    let tail = tail.max(head);
    Cow::Owned(format!(
        "{} … {} characters left out … {}",
        &value[..head],
        thousands(tail - head),
        &value[tail..]
    ))
}

/// The lines kept within `budget` characters (newlines included) and how many were left out;
/// the marker names them as `what` (`lines`, `rows not healthy`).
pub fn fit_lines<'a, S: AsRef<str>>(
    lines: &'a [S],
    budget: usize,
    what: &str,
) -> (Vec<Cow<'a, str>>, usize) {
    let total: usize = lines.iter().map(|l| l.as_ref().len() + 1).sum();
    if total <= budget {
        return (lines.iter().map(|l| Cow::Borrowed(l.as_ref())).collect(), 0);
    }
    let limit = budget.saturating_sub(MARKER_ROOM);
    let line_limit = (limit / 3).max(1);
    let mut head = Vec::new();
    let mut used = 0;
    for line in lines {
        let line = shorten(line.as_ref(), line_limit);
        if used + line.len() + 1 > limit / 3 {
            break;
        }
        used += line.len() + 1;
        head.push(line);
    }
    let mut tail = Vec::new();
    for line in lines[head.len()..].iter().rev() {
        let line = shorten(line.as_ref(), line_limit);
        if used + line.len() + 1 > limit {
            break;
        }
        used += line.len() + 1;
        tail.push(line);
    }
    let left_out = lines.len() - head.len() - tail.len();
    if left_out > 0 {
        head.push(Cow::Owned(format!(
            "… {} {what} left out …",
            thousands(left_out)
        )));
    }
    head.extend(tail.into_iter().rev());
    (head, left_out)
}

/// `text` within `budget` characters, by whole lines; how many lines were left out.
pub fn fit_text(text: &str, budget: usize) -> (Cow<'_, str>, usize) {
    if text.len() <= budget {
        return (Cow::Borrowed(text), 0);
    }
    let lines: Vec<&str> = text.lines().collect();
    let (kept, left_out) = fit_lines(&lines, budget, "lines");
    let mut out = String::with_capacity(budget);
    for line in kept {
        out.push_str(&line);
        out.push('\n');
    }
    (Cow::Owned(out), left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn logs_keep_both_ends_and_more_of_the_end() {
        let log: String = (0..10_000)
            .map(|i| format!("2024-05-01T10:00:{i:05}Z line {i}\n"))
            .collect();
        let (fitted, left_out) = fit_text(&log, 8_000);
        assert!(fitted.len() <= 8_000);
        let lines: Vec<&str> = fitted.lines().collect();
        assert_eq!(lines[0], "2024-05-01T10:00:00000Z line 0");
        assert_eq!(lines[lines.len() - 1], "2024-05-01T10:00:09999Z line 9999");
        assert_eq!(left_out, 10_000 - (lines.len() - 1));
        assert!(fitted.find("lines left out").unwrap() < fitted.len() / 2);
    }

    #[test]
    fn long_lines_are_shortened_in_the_middle() {
        let line = "word ".repeat(1_000);
        let short = shorten(&line, 300);
        assert!(short.len() < 400 && short.contains("characters left out"));
        assert_eq!(
            shorten("é".repeat(100).as_str(), 31).chars().next(),
            Some('é')
        );
    }
}
