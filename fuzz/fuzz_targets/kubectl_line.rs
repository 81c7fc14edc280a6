#![no_main]
use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;

thread_local! {
    static SESSION: RefCell<kubeplay_kubectl::Session> = RefCell::new(kubeplay_fuzz::fresh_session());
}

fuzz_target!(|data: &[u8]| {
    SESSION.with(|s| kubeplay_fuzz::kubectl_lines(&mut s.borrow_mut(), data));
});
