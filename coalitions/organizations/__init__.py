"""Organizations and the people who act for them: records shared across proposals
(`records`), representatives, partner suggestions and invitations, the public directory
(its pages, filters and open data) and their admin."""
