"""The demo org: a realistic seller with a quarter of Closed-Won deals,."""
