//! Progress spinners on stderr, drawn only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::cell::RefCell;
use std::time::Duration;

#[derive(Default)]
pub struct Bars {
    current: RefCell<Option<ProgressBar>>,
}

impl unmask_pipeline::Progress for Bars {
    fn start(&self, label: &str, _total: u64) {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(unmask_model::text::visible(label).into_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        *self.current.borrow_mut() = Some(bar);
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.current.borrow().as_ref() {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}
