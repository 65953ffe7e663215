//! The readers' glossary (placeholder until the glossary lands).
