"""The reviewers' admin: proposals, reviews, merges."""
