"""Organizations and the people who act for them: records shared across proposals
(`records`), who changes their shared details and how (`changes`, each change a version;
`corrections`, suggested by anyone else; `history`), representatives, partner suggestions
and invitations, the public directory (its pages, filters and open data) and their admin."""
