"""The fake Cloudflare API: scenario bodies, the worlds behind /memberships, and its front ends."""
