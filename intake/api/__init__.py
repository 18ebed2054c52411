"""The JSON API /api/v1/ for HR's scripts: people, rounds and POPs, with HR API tokens.

`intake.api.views.bp` is the blueprint; `intake.api.tokens` makes and checks tokens;
`intake.api.views.DOCUMENT`, made by `intake.api.openapi.build` from the views'
@documented and their reply types (`intake.api.replies`), describes it all.
"""
