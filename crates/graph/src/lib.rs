//! The identity graph: subjects and canonical artifacts joined by typed edges ("has", "refers
//! to", "paid into", "shipped to", "signed in from", "linked persona of"), and what it shows:
//! reference rings, facilitators, threat-intelligence matches and risk by association; and the
//! company's own offices and egress, inferred from the data (`context`).
//!
//! No I/O. Built from the records the store holds and the clusters linkage found; the same input
//! gives the same output.

pub mod associate;
pub mod context;
pub mod facilitators;
mod graph;
pub mod intel;
pub mod rings;
pub mod view;

pub use facilitators::{Facilitator, FacilitatorKind};
pub use graph::{ArtifactNode, Edge, EdgeKind, Graph, Holding, Input, Node, NODE_KINDS};

use unmask_model::canon::{names_match, NameMatch};

/// Distinct households among names: people whose names match, or share a surname, count once.
pub(crate) fn households(names: &[&str]) -> usize {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for &n in names {
        match groups
            .iter_mut()
            .find(|g| g.iter().any(|m| names_match(m, n) != NameMatch::Different))
        {
            Some(g) => g.push(n),
            None => groups.push(vec![n]),
        }
    }
    groups.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn households_group_relatives_and_namesakes() {
        assert_eq!(super::households(&["ana souza", "joao souza", "li wei"]), 2);
        assert_eq!(super::households(&["ana souza", "ana souza"]), 1);
        assert_eq!(super::households(&["ana souza", "li wei", "kim min"]), 3);
    }
}
