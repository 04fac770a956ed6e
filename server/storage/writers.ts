// Who writes with which HLC client id: each applied write's HLC ends in its device's client id and the pusher
// is known, so members can be named in activity feeds built from the per-field HLCs. Bounded per member.

/** A member's listed device ids in one team stop growing here (a new id is still bound to the account). */
export const MAX_WRITERS_PER_MEMBER = 32;
