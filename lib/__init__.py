"""Decision Desk: the computations behind the app, usable without a UI.

Every public computation is a pure function that returns a frozen result
object; the Streamlit pages and the ``python -m lib`` command line both call
into this package.
"""

__version__ = "0.1.0"
