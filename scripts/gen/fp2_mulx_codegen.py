#!/usr/bin/env python3
"""Generates Sources/CBPIFp/fp2_mulx.S: F_p² = F_p[u]/(u² + 1) products for BLS12-381 with MULX,
ADCX and ADOX, reducing lazily — each result coordinate is reduced once, from a 768-bit value,
instead of once per F_p product:

    bpi_fp2_mul_mulx(out, a, b):  T0 = a0·b0,  T1 = a1·b1,  T2 = (a0 + a1)·(b0 + b1)   (768-bit)
                                  c1 = REDC(T2 − T0 − T1)                 = REDC(a0·b1 + a1·b0)
                                  c0 = REDC(T0 − T1 + (p·2³⁸⁴ if it borrows))
    bpi_fp2_sqr_mulx(out, a):     c0 = REDC((a0 + a1)·(a0 + p − a1)),  c1 = REDC(2a0·a1)

Three 384×384 products and two reductions instead of three Montgomery products (blst's
mul_mont_384x does the same; this schedule is our own). Bounds: a, b < p < 2³⁸¹, so every sum
above is below 2p < 2³⁸² and every product below 4p² < p·2³⁸⁴, which is what REDC needs to return
less than 2p; one conditional subtraction then gives the canonical result. REDC(T) for
T = T_lo + T_hi·2³⁸⁴ is (T_lo + m·p)/2³⁸⁴ + T_hi with the Montgomery rows on T_lo only.
    bpi_fp4_sqr_mulx(out, a, b):  (a + b·s)² in F_p⁴ = F_p²[s]/(s² − ξ), for the cyclotomic squares of
                                  the final exponentiation: seven products, four reductions (below).

Run: python3 scripts/gen/fp2_mulx_codegen.py > Sources/CBPIFp/fp2_mulx.S
"""

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
INV = (-pow(P, -1, 1 << 64)) % (1 << 64)
LIMBS = [(P >> (64 * i)) & ((1 << 64) - 1) for i in range(6)]
SAVED = ["rbx", "rbp", "r12", "r13", "r14", "r15"]
ZERO = "r15"  # holds 0 throughout, to absorb the last carry of a row
FRAME = 384  # scratch: SA 0, SB 48, T0 96, T1 192, T2 288

out = []
emit = out.append


def stack(offset):
    return lambda k: "%d(%%rsp)" % (offset + k)


def pointer(reg, offset=0):
    return lambda k: "%d(%%%s)" % (offset + k, reg)


def modulus(k):
    return "bpi_fp2_modulus+%d(%%rip)" % k


def add6(dst, x, y):
    """dst = x + y (six limbs, no reduction: both below p, so no carry out)."""
    for j in range(6):
        emit("    movq %s, %%rax" % x(8 * j))
        emit("    %s %s, %%rax" % ("addq" if j == 0 else "adcq", y(8 * j)))
        emit("    movq %%rax, %s" % dst(8 * j))


def chain12(op, dst, x, y):
    """dst = x op y over twelve limbs (op: add or sub); leaves the carry or borrow in CF."""
    for j in range(12):
        emit("    movq %s, %%rax" % x(8 * j))
        emit("    %s%s %s, %%rax" % (op if j == 0 else ("adc" if op == "add" else "sbb"), "q", y(8 * j)))
        emit("    movq %%rax, %s" % dst(8 * j))


def add_p_high_if_borrowed(dst):
    """After a subtraction that left a borrow in CF: dst += p·2³⁸⁴ if it borrowed (a negative
    768-bit value becomes its residue in (0, p·2³⁸⁴)), branch-free."""
    emit("    sbbq %rbx, %rbx              // all ones when it borrowed")
    masked = ["r8", "r9", "r10", "r11", "r12", "r13"]
    for j in range(6):
        emit("    movq %s, %%%s" % (modulus(8 * j), masked[j]))
        emit("    andq %%rbx, %%%s" % masked[j])
    for j in range(6):
        emit("    movq %s, %%rax" % dst(48 + 8 * j))
        emit("    %s %%%s, %%rax" % ("addq" if j == 0 else "adcq", masked[j]))
        emit("    movq %%rax, %s" % dst(48 + 8 * j))


def sub6_plus_p(dst, x, y):
    """dst = x − y + p for x, y < p (mod 2³⁸⁴ the result lies in (0, 2p))."""
    for j in range(6):
        emit("    movq %s, %%rax" % x(8 * j))
        emit("    %s %s, %%rax" % ("subq" if j == 0 else "sbbq", y(8 * j)))
        emit("    movq %%rax, %s" % dst(8 * j))
    for j in range(6):
        emit("    movq %s, %%rax" % modulus(8 * j))
        emit("    %s %%rax, %s" % ("addq" if j == 0 else "adcq", dst(8 * j)))


def product(dst, a, b):
    """dst (12 limbs) = a · b (6 limbs each), schoolbook by rows: a row adds a·b[i] on the ADOX chain
    (low halves) and the ADCX chain (high halves) into seven rotating accumulators; after the row its
    lowest accumulator is final, is stored, and is cleared to become the next row's top word."""
    acc = ["r8", "r9", "r10", "r11", "r12", "r13", "r14"]
    for r in acc:
        emit("    xorl %%%sd, %%%sd" % (r, r))
    for i in range(6):
        emit("    movq %s, %%rdx" % b(8 * i))
        emit("    xorl %eax, %eax              // clears CF and OF")
        for j in range(6):
            emit("    mulxq %s, %%rax, %%rbx" % a(8 * j))
            emit("    adoxq %%rax, %%%s" % acc[j])
            emit("    adcxq %%rbx, %%%s" % acc[j + 1])
        emit("    adoxq %%%s, %%%s" % (ZERO, acc[6]))
        emit("    movq %%%s, %s" % (acc[0], dst(8 * i)))
        if i < 5:
            emit("    xorl %%%sd, %%%sd" % (acc[0], acc[0]))
            acc = acc[1:] + acc[:1]
    for j in range(6):
        emit("    movq %%%s, %s" % (acc[j + 1], dst(48 + 8 * j)))


def redc(src, dst):
    """dst (6 limbs, < p) = src · 2⁻³⁸⁴ mod p for a 12-limb src below p·2³⁸⁴."""
    acc = ["r8", "r9", "r10", "r11", "r12", "r13", "r14"]
    for j in range(6):
        emit("    movq %s, %%%s" % (src(8 * j), acc[j]))
    emit("    xorl %%%sd, %%%sd" % (acc[6], acc[6]))
    for _ in range(6):
        emit("    movq %%%s, %%rdx" % acc[0])
        emit("    imulq bpi_fp2_inv(%rip), %rdx")
        emit("    xorl %eax, %eax              // clears CF and OF")
        for j in range(6):
            emit("    mulxq %s, %%rax, %%rbx" % modulus(8 * j))
            emit("    adoxq %%rax, %%%s" % acc[j])
            emit("    adcxq %%rbx, %%%s" % acc[j + 1])
        emit("    adoxq %%%s, %%%s" % (ZERO, acc[6]))
        acc = acc[1:] + acc[:1]  # the lowest word is now zero: it becomes the top word
    emit("    // + the high half: below 2p")
    for j in range(6):
        emit("    %s %s, %%%s" % ("addq" if j == 0 else "adcq", src(48 + 8 * j), acc[j]))
    emit("    // subtract p, keep the sum where that borrowed")
    temps = ["rax", "rbx", "rdx", "rsi", "rcx", "rbp"]
    for j in range(6):
        emit("    movq %%%s, %%%s" % (acc[j], temps[j]))
        emit("    %s %s, %%%s" % ("subq" if j == 0 else "sbbq", modulus(8 * j), temps[j]))
    for j in range(6):
        emit("    cmovcq %%%s, %%%s" % (acc[j], temps[j]))
    for j in range(6):
        emit("    movq %%%s, %s" % (temps[j], dst(8 * j)))


def prologue(name, frame=FRAME):
    emit("    .globl %s" % name)
    emit("    .type %s,@function" % name)
    emit("    .p2align 5")
    emit("%s:" % name)
    emit("    .cfi_startproc")
    for k, r in enumerate(SAVED):
        emit("    pushq %%%s" % r)
        emit("    .cfi_adjust_cfa_offset 8")
        emit("    .cfi_offset %%%s, %d" % (r, -16 - 8 * k))
    emit("    subq $%d, %%rsp" % frame)
    emit("    .cfi_adjust_cfa_offset %d" % frame)
    emit("    xorl %%%sd, %%%sd" % (ZERO, ZERO))


def epilogue(name, frame=FRAME):
    emit("    addq $%d, %%rsp" % frame)
    emit("    .cfi_adjust_cfa_offset -%d" % frame)
    for r in reversed(SAVED):
        emit("    popq %%%s" % r)
        emit("    .cfi_adjust_cfa_offset -8")
    emit("    ret")
    emit("    .cfi_endproc")
    emit("    .size %s, .-%s" % (name, name))


SA, SB, T0, T1, T2 = stack(0), stack(48), stack(96), stack(192), stack(288)

emit("// Generated by scripts/gen/fp2_mulx_codegen.py — do not edit by hand.")
emit("// F_p² products for BLS12-381 (Montgomery form, coordinates below p) with MULX/ADCX/ADOX and one")
emit("// reduction per output coordinate. Needs BMI2 and ADX (the caller checks: bpi_fp_has_mulx).")
emit("// System V AMD64 ABI; out may alias a or b (both are read in full before out is written).")
emit("#if defined(__x86_64__) && !defined(_WIN32)")
emit("    .section .rodata")
emit("    .p2align 4")
emit("bpi_fp2_modulus:")
for limb in LIMBS:
    emit("    .quad 0x%016x" % limb)
emit("bpi_fp2_inv:")
emit("    .quad 0x%016x" % INV)
emit("    .text")

# --- bpi_fp2_mul_mulx(out = rdi, a = rsi, b = rdx) ---
prologue("bpi_fp2_mul_mulx")
emit("    movq %rdx, %rcx              // b (MULX takes its multiplier in rdx)")
A0, A1, B0, B1 = pointer("rsi"), pointer("rsi", 48), pointer("rcx"), pointer("rcx", 48)
emit("    // SA = a0 + a1, SB = b0 + b1")
add6(SA, A0, A1)
add6(SB, B0, B1)
emit("    // T0 = a0·b0, T1 = a1·b1, T2 = SA·SB")
product(T0, A0, B0)
product(T1, A1, B1)
product(T2, SA, SB)
emit("    // T2 = T2 − T0 − T1 = a0·b1 + a1·b0 (never negative)")
chain12("sub", T2, T2, T0)
chain12("sub", T2, T2, T1)
emit("    // T0 = T0 − T1, + p·2^384 when that borrows (then 0 < T0 < p·2^384)")
chain12("sub", T0, T0, T1)
add_p_high_if_borrowed(T0)
emit("    // c0 = REDC(T0), c1 = REDC(T2)")
redc(T0, pointer("rdi"))
redc(T2, pointer("rdi", 48))
epilogue("bpi_fp2_mul_mulx")

# --- bpi_fp2_sqr_mulx(out = rdi, a = rsi) ---
prologue("bpi_fp2_sqr_mulx")
A0, A1 = pointer("rsi"), pointer("rsi", 48)
emit("    // SA = a0 + a1")
add6(SA, A0, A1)
emit("    // SB = a0 − a1 + p (computed mod 2^384: the result lies in (0, 2p))")
sub6_plus_p(SB, A0, A1)
emit("    // T1 = 2·a0 (staged in T1's low half, then T2 = T1·a1)")
add6(T1, A0, A0)
product(T0, SA, SB)
product(T2, T1, A1)
redc(T0, pointer("rdi"))
redc(T2, pointer("rdi", 48))
epilogue("bpi_fp2_sqr_mulx")

# --- bpi_fp4_sqr_mulx(out = rdi, a = rsi, b = rdx): (a + b·s)² in F_p⁴ = F_p²[s]/(s² − ξ) ---
# c0 = a² + ξ·b², c1 = 2ab, from seven 768-bit products and four reductions (three F_p² squares
# would take six products and six reductions, and their sums would be reduced each time):
#   P1 = (a0 + a1)(a0 + p − a1) ≡ a0² − a1²,  P2 = a0·a1,  P3 = (b0 + b1)(b0 + p − b1),  P4 = b0·b1
#   c0 = (P1 + P3 − 2·P4) + (2·P2 + P3 + 2·P4)·u                          (ξ = 1 + u)
#   Q0 = 2a0·b0,  Q1 = 2a1·b1,  Q2 = (2a0 + 2a1)(b0 + b1)
#   c1 = (Q0 − Q1) + (Q2 − Q0 − Q1)·u
# Each coordinate lies in (−2p², 8p²) before the p·2³⁸⁴ correction of a negative one, and
# 8p² < p·2³⁸⁴ because 8p < 2³⁸⁴.
FP4_FRAME = 7 * 48 + 7 * 96
prologue("bpi_fp4_sqr_mulx", FP4_FRAME)
emit("    movq %rdx, %rcx              // b")
A0, A1, B0, B1 = pointer("rsi"), pointer("rsi", 48), pointer("rcx"), pointer("rcx", 48)
S = [stack(48 * k) for k in range(7)]  # a0+a1, a0+p−a1, b0+b1, b0+p−b1, 2a0, 2a1, 2a0+2a1
W = [stack(7 * 48 + 96 * k) for k in range(7)]  # P1, P2, P3, P4, Q0, Q1, Q2
add6(S[0], A0, A1)
sub6_plus_p(S[1], A0, A1)
add6(S[2], B0, B1)
sub6_plus_p(S[3], B0, B1)
add6(S[4], A0, A0)
add6(S[5], A1, A1)
add6(S[6], S[4], S[5])
product(W[0], S[0], S[1])
product(W[1], A0, A1)
product(W[2], S[2], S[3])
product(W[3], B0, B1)
product(W[4], S[4], B0)
product(W[5], S[5], B1)
product(W[6], S[6], S[2])
emit("    // c1.u = Q2 − Q0 − Q1 (never negative); c1.1 = Q0 − Q1 (+ p·2^384 when negative)")
chain12("sub", W[6], W[6], W[4])
chain12("sub", W[6], W[6], W[5])
chain12("sub", W[4], W[4], W[5])
add_p_high_if_borrowed(W[4])
emit("    // W3 = 2·P4; W1 = 2·P2 + P3 + 2·P4 = c0.u; W0 = P1 + P3 − 2·P4 = c0.1 (+ p·2^384 when negative)")
chain12("add", W[3], W[3], W[3])
chain12("add", W[1], W[1], W[1])
chain12("add", W[1], W[1], W[2])
chain12("add", W[1], W[1], W[3])
chain12("add", W[0], W[0], W[2])
chain12("sub", W[0], W[0], W[3])
add_p_high_if_borrowed(W[0])
redc(W[0], pointer("rdi"))
redc(W[1], pointer("rdi", 48))
redc(W[4], pointer("rdi", 96))
redc(W[6], pointer("rdi", 144))
epilogue("bpi_fp4_sqr_mulx", FP4_FRAME)

emit("#endif")
emit("#if defined(__ELF__)")
emit('    .section .note.GNU-stack,"",@progbits')
emit("#endif")
print("\n".join(out))
