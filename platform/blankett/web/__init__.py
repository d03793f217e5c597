"""HTTP only: routes, views and templates. No business rules here."""
