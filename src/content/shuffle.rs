//! The order in which a question's choices or ordering items are shown: shuffled, so that
//! nothing can be learned from position, and deterministic for a question and the number of
//! times its card has been answered, so that a redraw or an undo shows the same order while
//! the next showing of the card shows a new one.

/// FNV-1a over the question id and the answer count: a stable seed (the same on every
/// platform and version, unlike `std`'s hasher).
fn seed(question_id: &str, answers: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in question_id.bytes().chain(answers.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// SplitMix64: a small, well-mixed generator for the shuffle.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The order to show `len` choices of `question_id` in, for a card answered `answers` times:
/// `order[position]` is the authored index shown at that position. A pure function: the same
/// arguments always give the same order.
pub fn presentation_order(question_id: &str, answers: u32, len: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut state = seed(question_id, answers);
    for i in (1..len).rev() {
        let bound = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let j = usize::try_from(next(&mut state) % bound).unwrap_or(0);
        order.swap(i, j);
    }
    order
}

/// Like [`presentation_order`], for ordering questions: never the authored (solved) order
/// when there are two items or more (a solved order is rotated by one).
pub fn scrambled_items(question_id: &str, answers: u32, len: usize) -> Vec<usize> {
    let mut order = presentation_order(question_id, answers, len);
    if len >= 2 && order.iter().enumerate().all(|(i, &j)| i == j) {
        order.rotate_left(1);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_are_permutations_and_stable() {
        for len in 0..9 {
            let order = presentation_order("q", 3, len);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..len).collect::<Vec<_>>());
            assert_eq!(
                order,
                presentation_order("q", 3, len),
                "same arguments, same order"
            );
        }
        assert_eq!(
            presentation_order("single-fix-order", 0, 6),
            presentation_order("single-fix-order", 0, 6)
        );
    }

    #[test]
    fn orders_change_with_the_answer_count_and_the_question() {
        let shown: std::collections::HashSet<Vec<usize>> =
            (0..20).map(|n| presentation_order("q", n, 4)).collect();
        assert!(shown.len() > 5, "{shown:?}");
        assert_ne!(presentation_order("a", 0, 6), presentation_order("b", 0, 6));
    }

    #[test]
    fn every_position_gets_the_right_answer_about_equally() {
        let mut counts = [0usize; 4];
        for n in 0..400 {
            let order = presentation_order(&format!("q{n}"), 0, 4);
            let position = order.iter().position(|&i| i == 0).unwrap_or(0);
            counts[position] += 1;
        }
        assert!(
            counts.iter().all(|&c| (70..=130).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn ordering_items_are_never_shown_solved() {
        for n in 0..200 {
            for len in 2..6 {
                let order = scrambled_items(&format!("o{n}"), n, len);
                assert!(order.iter().enumerate().any(|(i, &j)| i != j), "{order:?}");
            }
        }
        assert_eq!(scrambled_items("x", 0, 1), vec![0]);
    }
}
