"""The Content-Security-Policy (django-csp's `CONTENT_SECURITY_POLICY` setting).

On in every environment, so development and the browser tests see what production enforces:
everything from this site only, no inline script or style (templates use classes and the
files in static/js); images may also be data: URIs (Bootstrap's form icons); no framing.
"""

from csp.constants import NONE, SELF

_SELF_ONLY = ("default-src", "script-src", "style-src", "font-src", "connect-src", "base-uri")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **{directive: [SELF] for directive in _SELF_ONLY},
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    },
}
