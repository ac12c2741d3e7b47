//! The one place where the stages are called in order.
