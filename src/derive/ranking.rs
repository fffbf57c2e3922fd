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
    /// False when the village has not published this period at all.
    pub published: bool,
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
    /// Why it is flagged: 评议不合格 or 排名末位.
    pub flag_reason: Option<&'static str>,
    pub published: bool,
}

pub fn rank(mut villages: Vec<RankInput>) -> Vec<Ranked> {
    // Scored first (highest first), then published without a score, then not published.
    villages.sort_by(|a, b| {
        (b.score, b.published)
            .cmp(&(a.score, a.published))
            .then(a.slug.cmp(&b.slug))
    });
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
        let flag_reason = if v.rating == Some(Rating::Unqualified) {
            Some("评议不合格")
        } else if scored > 1 && v.score.is_some() && v.score == lowest {
            Some("排名末位")
        } else {
            None
        };
        out.push(Ranked {
            rank,
            slug: v.slug,
            name: v.name,
            score: v.score,
            rating: v.rating,
            flagged: flag_reason.is_some(),
            flag_reason,
            published: v.published,
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
            published: true,
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
