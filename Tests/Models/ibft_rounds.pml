/*
 * The round and lock rules of the IBFT instance (docs/SPEC.md §7.3), as a Promela model for the
 * SPIN model checker: n = 4 validators, f = 1 (validators 0..2 honest, 3 Byzantine), values 0 and 1,
 * rounds 0..MAXR. Checked by Tests/Models/check (run by scripts/test).
 *
 * Messages are sets: once a message is sent it may be delivered at any later step, any number of
 * times, or never — so loss, delay, duplication and reordering are all covered. Validators act in
 * any interleaving. Timeouts may fire at any moment (a validator may also jump several rounds at
 * once, as the f+1 rule and justified later PRE-PREPAREs make it). What a validator signed (its
 * PREPARE/COMMIT/ROUND-CHANGE bits), its round and its lock form its sign state: a crash and
 * restart keeps them, as the node's SQLite sign state does. The Byzantine validator may at any
 * moment sign any PREPARE, COMMIT or ROUND-CHANGE (a prepared claim only with a certificate that
 * exists: a quorum of PREPAREs) and, in the rounds it leads, PRE-PREPAREs for both values.
 *
 * Property: no two values each gather a quorum of COMMITs (the fork a light client would accept).
 *
 * Known-wrong variants, each of which SPIN must refute (the check script requires it):
 *   -DNO_ROUND_PERSISTENCE  a restart puts the validator back in round 0 (S1 of issue 10)
 *   -DNO_LOCK               a round leader ignores prepared values and proposes any value
 */

#define N     4
#define H     3          /* honest validators 0..2 */
#define BYZ   3
#define MAXR  2
#define NR    (MAXR + 1)
#define Q     3          /* quorum of 4 equal-power validators */
#define NONE  255

/* Round 0 is led by the Byzantine validator, rounds 1 and 2 by validators 0 and 1. */
#define leader(r) (((r) + 3) % 4)

/* Flat arrays: PREPARE/COMMIT of sender s in round r for value v at ((s * NR) + r) * 2 + v. */
bit prepare[N * NR * 2];
bit commit[N * NR * 2];
bit preprepare[NR * 2];
/* ROUND-CHANGE of sender s for round r: 0 not sent, 1 nothing prepared, 2 + pr * 2 + v prepared (pr, v). */
byte rc[N * NR];

byte round[H];
byte lockR[H];
byte lockV[H];

#define P(s, r, v) prepare[((s) * NR + (r)) * 2 + (v)]
#define C(s, r, v) commit[((s) * NR + (r)) * 2 + (v)]
#define PP(r, v)   preprepare[(r) * 2 + (v)]
#define RC(s, r)   rc[(s) * NR + (r)]

/* A quorum of PREPAREs for (r, v) exists, so a certificate for it can be shown. */
#define preparedQuorum(r, v) (P(0, r, v) + P(1, r, v) + P(2, r, v) + P(3, r, v) >= Q)
#define commitQuorum(r, v)   (C(0, r, v) + C(1, r, v) + C(2, r, v) + C(3, r, v) >= Q)
#define everCommitted(v)     (commitQuorum(0, v) || commitQuorum(1, v) || commitQuorum(2, v))

/* The claim a ROUND-CHANGE reports, decoded: claimR = NONE when nothing prepared. */
byte claimR, claimV;
inline decode(code) {
    if
    :: code >= 2 -> claimR = (code - 2) / 2; claimV = (code - 2) % 2
    :: else -> claimR = NONE; claimV = 0
    fi
}

/*
 * justified(r, v): a PRE-PREPARE of round r > 0 for v carries a justification — some quorum of
 * round changes for r (three of the four senders) whose highest reported prepared value is v, or
 * reporting nothing. Claims are valid only with an existing prepare quorum (checked on receipt).
 */
bit ok;
byte hiR, hiV, s, t, cnt;
inline justified(r, v) {
    ok = 0;
    if
    :: r == 0 -> ok = 1
    :: else ->
        t = 0;
        do
        :: t < N ->      /* the quorum of all senders but t */
            cnt = 0; hiR = NONE; hiV = 0; s = 0;
            do
            :: s < N ->
                if
                :: s != t && RC(s, r) != 0 ->
                    decode(RC(s, r));
                    if
                    :: claimR != NONE && !preparedQuorum(claimR, claimV) -> skip   /* invalid, dropped */
                    :: else ->
                        cnt++;
                        if
                        :: claimR != NONE && (hiR == NONE || claimR > hiR) -> hiR = claimR; hiV = claimV
                        :: else -> skip
                        fi
                    fi
                :: else -> skip
                fi;
                s++
            :: else -> break
            od;
            if
            :: cnt >= Q && (hiR == NONE || hiV == v) -> ok = 1
#ifdef NO_LOCK
            :: cnt >= Q -> ok = 1
#endif
            :: else -> skip
            fi;
            t++
        :: else -> break
        od
    fi;
    hiR = 0; hiV = 0; s = 0; t = 0; cnt = 0; claimR = 0; claimV = 0
}

/* Each action is one atomic step whose first statement is its whole guard: nothing after it blocks. */
proctype Honest(byte i) {
    byte r, v, nr;
    do
    /* Timeout (or joining a later round): enter a higher round, report the lock. */
    :: atomic {
        round[i] < MAXR ->
        if
        :: nr = round[i] + 1
        :: round[i] + 2 <= MAXR -> nr = round[i] + 2
        fi;
        round[i] = nr;
        if
        :: RC(i, nr) != 0 -> skip    /* the double-sign guard: one ROUND-CHANGE per round */
        :: RC(i, nr) == 0 && lockR[i] == NONE -> RC(i, nr) = 1
        :: RC(i, nr) == 0 && lockR[i] != NONE -> RC(i, nr) = 2 + lockR[i] * 2 + lockV[i]
        fi;
        nr = 0
       }
    /* Prepare the justified proposal of the current round (one PREPARE per round). */
    :: atomic {
        (P(i, round[i], 0) == 0 && P(i, round[i], 1) == 0 && (PP(round[i], 0) || PP(round[i], 1))) ->
        r = round[i];
        if
        :: PP(r, 0) -> v = 0
        :: PP(r, 1) -> v = 1
        fi;
        justified(r, v);
        if
        :: ok -> P(i, r, v) = 1
        :: else -> skip
        fi;
        ok = 0; r = 0; v = 0
       }
    /* Commit on a prepare quorum for what it prepared in the current round; lock on it. */
    :: atomic {
        (C(i, round[i], 0) == 0 && C(i, round[i], 1) == 0
         && ((P(i, round[i], 0) && preparedQuorum(round[i], 0)) || (P(i, round[i], 1) && preparedQuorum(round[i], 1)))) ->
        r = round[i];
        if
        :: P(i, r, 0) && preparedQuorum(r, 0) -> v = 0
        :: P(i, r, 1) && preparedQuorum(r, 1) -> v = 1
        fi;
        C(i, r, v) = 1;
        if
        :: lockR[i] == NONE || r > lockR[i] -> lockR[i] = r; lockV[i] = v
        :: else -> skip
        fi;
        r = 0; v = 0
       }
    /* Lead the current round: a proposal whose justification holds (the leader's choice of value). */
    :: atomic {
        (leader(round[i]) == i && PP(round[i], 0) == 0 && PP(round[i], 1) == 0) ->
        r = round[i];
        if
        :: v = 0
        :: v = 1
        fi;
        justified(r, v);
        if
        :: ok -> PP(r, v) = 1
        :: else -> skip
        fi;
        ok = 0; r = 0; v = 0
       }
#ifdef NO_ROUND_PERSISTENCE
    /* Crash and restart with the round forgotten (with the sign state, a restart changes nothing). */
    :: round[i] > 0 -> round[i] = 0
#endif
    od
}

/*
 * The Byzantine validator. Its PREPAREs and COMMITs for every round and value, and its
 * PRE-PREPAREs for both values in the round it leads, are present from the start (init): every
 * guard in this model is monotone in them, so this covers every moment at which it could sign
 * them, and keeps the state space small. What is not monotone is the claim its ROUND-CHANGE makes,
 * so that stays a choice it can change at any time.
 */
proctype Byzantine() {
    byte r, code;
    do
    :: atomic {
        select(r : 1 .. MAXR);
        select(code : 1 .. 1 + 2 * MAXR);
        decode(code);
        if
        :: code == 1 || (claimR < r && preparedQuorum(claimR, claimV)) -> RC(BYZ, r) = code
        :: else -> skip
        fi;
        r = 0; code = 0; claimR = 0; claimV = 0
       }
    od
}

init {
    byte k;
    for (k : 0 .. H - 1) { round[k] = 0; lockR[k] = NONE }
    for (k : 0 .. MAXR) {
        P(BYZ, k, 0) = 1; P(BYZ, k, 1) = 1; C(BYZ, k, 0) = 1; C(BYZ, k, 1) = 1;
        if
        :: leader(k) == BYZ -> PP(k, 0) = 1; PP(k, 1) = 1
        :: else -> skip
        fi
    }
    k = 0;
    atomic {
        run Honest(0); run Honest(1); run Honest(2); run Byzantine()
    }
}

/* Safety: never a COMMIT quorum for both values. */
ltl safety { [] !(everCommitted(0) && everCommitted(1)) }
