"""The events service: cafés, local activities, RSVPs, reminders, going together, calendars."""
