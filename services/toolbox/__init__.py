"""The toolbox service: a service user's own goals, plans, network map, crisis plan,
exercises, medications and what they share with their providers."""
