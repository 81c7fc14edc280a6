//! Icons as inline SVG (font glyphs such as ⏭ render as boxes with common Linux fonts). They are
//! decorative: the button around each carries the text or the accessible name.

use yew::prelude::*;

fn icon(class: &'static str, body: Html) -> Html {
    html! {
        <svg class={classes!("kp-icon", class)} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">{ body }</svg>
    }
}

pub fn pencil() -> Html {
    icon("pencil", html! { <path d="M11 2.5l2.5 2.5L6 12.5H3.5V10z M9.5 4l2.5 2.5" /> })
}

pub fn close() -> Html {
    icon("close", html! { <path d="M4 4l8 8M12 4l-8 8" /> })
}

pub fn play() -> Html {
    icon("fill", html! { <path d="M4 2.5v11l9-5.5z" /> })
}

pub fn pause() -> Html {
    icon("fill", html! { <path d="M4 2.5h3v11H4zM9 2.5h3v11H9z" /> })
}

pub fn step() -> Html {
    icon("fill", html! { <path d="M2.5 2.5v11l7-5.5zM11 2.5h2.5v11H11z" /> })
}

pub fn theme(which: &str) -> Html {
    match which {
        "dark" => icon("fill", html! { <path d="M10.5 1.8A6.3 6.3 0 1 0 14.2 10 5 5 0 0 1 10.5 1.8z" /> }),
        "light" => icon(
            "sun",
            html! { <><circle cx="8" cy="8" r="3" /><path d="M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3" /></> },
        ),
        _ => icon(
            "fill",
            html! { <><circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.5" /><path d="M8 2a6 6 0 0 1 0 12z" /></> },
        ),
    }
}
