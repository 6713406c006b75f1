"""``critmin serve``: the JSON HTTP service and the web page for analysts (the ``serve`` extra).

:mod:`critmin.serve.library` is the only module that calls the library; :mod:`critmin.serve.app`
builds the FastAPI application over it; :mod:`critmin.serve.guard` checks every request first.
"""
