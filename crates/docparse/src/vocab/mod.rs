//! The words of the pages, in Chinese and English, as the two layout generations and the web
//! site's text write them: section headings, sub-section labels and captions
//! ([`sections`]), column headers ([`columns`]), type spellings ([`types`]), and the other
//! words rules lean on ([`words`]: required and none spellings, secret names, "see Table N").
//!
//! Every stage reads these; none owns them. A new spelling goes here, with a test.

pub mod columns;
pub mod rule_words;
pub mod sections;
pub mod types;
pub mod uri;
pub mod words;
