//! Sigma rules against unmask's events.
