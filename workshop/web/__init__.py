"""HTTP plumbing shared by the views and the live sockets: what a cookie grants (access),
refusals turned into statuses and messages (errors, messages), security headers, flood
limits and the vote gate (floods) and the template helpers. Nothing below the views and
the live package imports it.
"""
