"""Forum: the online peer-support group. Spaces shared by municipalities, threads
open or closed to a circle, posts under pseudonyms, and peer moderation."""
