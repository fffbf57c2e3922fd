//! The town's ranking of its villages for one period, by the evaluation score.
//!
//! Villages with equal scores share a rank (1, 2, 2, 4); villages without an evaluation come
//! last, unranked, so a missing score is visible rather than hidden.

use crate::model::{Rating, Score};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RankInput {
    pub slug: String,
    pub name: String,
    pub score: Option<Score>,
    pub rating: Option<Rating>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ranked {
    /// 1-based; `None` when the village has no evaluation.
    pub rank: Option<usize>,
    pub slug: String,
    pub name: String,
    pub score: Option<Score>,
    pub rating: Option<Rating>,
    /// Rated 不合格 or ranked last of several: the town calls the village in for a talk.
    pub flagged: bool,
}

pub fn rank(mut villages: Vec<RankInput>) -> Vec<Ranked> {
    villages.sort_by(|a, b| b.score.cmp(&a.score).then(a.slug.cmp(&b.slug)));
    let scored = villages.iter().filter(|v| v.score.is_some()).count();
    let lowest = villages.iter().filter_map(|v| v.score).min();
    let mut out = Vec::with_capacity(villages.len());
    let mut prev: Option<(Score, usize)> = None;
    for (i, v) in villages.into_iter().enumerate() {
        let rank = v.score.map(|s| match prev {
            Some((p, r)) if p == s => r,
            _ => {
                prev = Some((s, i + 1));
                i + 1
            }
        });
        let flagged = v.rating == Some(Rating::Unqualified)
            || (scored > 1 && v.score.is_some() && v.score == lowest);
        out.push(Ranked {
            rank,
            slug: v.slug,
            name: v.name,
            score: v.score,
            rating: v.rating,
            flagged,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(slug: &str, score: Option<u32>) -> RankInput {
        RankInput {
            slug: slug.into(),
            name: slug.into(),
            score: score.map(Score),
            rating: None,
        }
    }

    #[test]
    fn ties_share_a_rank_and_missing_scores_come_last() {
        let r = rank(vec![
            v("c", Some(900)),
            v("a", Some(955)),
            v("d", None),
            v("b", Some(900)),
        ]);
        let got: Vec<(&str, Option<usize>, bool)> = r
            .iter()
            .map(|x| (x.slug.as_str(), x.rank, x.flagged))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", Some(1), false),
                ("b", Some(2), true),
                ("c", Some(2), true),
                ("d", None, false)
            ]
        );
    }
}
