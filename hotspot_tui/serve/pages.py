"""The pages the server writes: the sign-in form and the page that holds the app.

Everything put into a page is escaped; the pages load nothing from elsewhere (no web fonts,
no scripts from other hosts), and the only script is textual-serve's own.
"""

from __future__ import annotations

from html import escape

STYLE = """
body { margin: 0; background: #0c181f; color: #e8eef2; font-family: system-ui, sans-serif; }
.signin { max-width: 24rem; margin: 12vh auto; background: #12232d; padding: 2rem; border-radius: 6px; }
.signin h1 { font-size: 1.3rem; margin: 0 0 0.3rem 0; }
.signin p { margin: 0.3rem 0 1rem 0; color: #b6c4cc; }
.signin label { display: block; margin-top: 0.8rem; }
.signin input { width: 100%; box-sizing: border-box; padding: 0.5rem; margin-top: 0.2rem;
                font-size: 1rem; border-radius: 4px; border: 1px solid #456; }
.signin button, .bar button { margin-top: 1.2rem; padding: 0.5rem 1.2rem; font-size: 1rem;
    background: #2f6fa7; color: white; border: none; border-radius: 4px; cursor: pointer; }
.error { background: #5c1f1f; color: #ffd9d9; padding: 0.5rem; border-radius: 4px; }
.notice { background: #1f4c2c; color: #d9ffe3; padding: 0.5rem; border-radius: 4px; }
.bar { position: fixed; top: 0; left: 0; right: 0; height: 34px; display: flex; align-items: center;
       justify-content: space-between; padding: 0 0.8rem; background: #12232d; font-size: 0.95rem; }
.bar form { margin: 0; }
.bar button { margin: 0; padding: 0.25rem 0.9rem; font-size: 0.9rem; }
#terminal { position: fixed; top: 34px; left: 0; right: 0; height: calc(100vh - 34px) !important; }
.closed-dialog { display: none; }
body.-closed .closed-dialog { display: flex; position: fixed; inset: 34px 0 0 0; align-items: center;
    justify-content: center; background: rgba(12, 24, 31, 0.92); z-index: 10; }
.closed-dialog a { color: #9fd0ff; margin-left: 0.6rem; }
"""


def sign_in_page(*, title: str, csrf: str, name: str = "", error: str = "", notice: str = "") -> str:
    message = (f'<p class="error" role="alert">{escape(error)}</p>' if error else
               f'<p class="notice">{escape(notice)}</p>' if notice else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · {escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{STYLE}</style></head>
<body><main class="signin">
<h1>{escape(title)}</h1><p>Sign in with your account.</p>{message}
<form method="post" action="/login" autocomplete="on">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<label for="name">Name</label>
<input id="name" name="name" autocomplete="username" required autofocus value="{escape(name)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="sign-in">Sign in</button>
</form></main></body></html>
"""


def app_page(*, title: str, who: str, role: str, csrf: str, static_url: str, websocket_url: str,
             font_size: int = 16) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<link rel="stylesheet" href="{escape(static_url)}css/xterm.css">
<script src="{escape(static_url)}js/textual.js"></script>
<style>{STYLE}</style></head>
<body>
<div class="bar"><span id="who">Signed in as <strong>{escape(who)}</strong> ({escape(role)})</span>
<form method="post" action="/logout"><input type="hidden" name="csrf" value="{escape(csrf)}">
<button type="submit" id="sign-out">Sign out</button></form></div>
<div class="closed-dialog"><p>The app has closed. <a href="/">Open it again</a></p></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{escape(websocket_url)}"
 data-font-size="{int(font_size)}"></div>
</body></html>
"""
