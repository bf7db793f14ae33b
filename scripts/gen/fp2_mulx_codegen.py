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
    emit("    // store it, subtract p, and take the stored sum back where that borrowed (no spare registers:")
    emit("    // the caller's pointers stay live)")
    conditional_subtract_p(acc[:6], dst)


def conditional_subtract_p(regs, dst):
    """dst = regs − p if regs ≥ p, else regs (six limbs below 2p), branch-free, with no register
    besides `regs`: the value is stored, p is subtracted in the registers, and CMOVC loads the
    stored value back where the subtraction borrowed."""
    for j in range(6):
        emit("    movq %%%s, %s" % (regs[j], dst(8 * j)))
    for j in range(6):
        emit("    %s %s, %%%s" % ("subq" if j == 0 else "sbbq", modulus(8 * j), regs[j]))
    for j in range(6):
        emit("    cmovcq %s, %%%s" % (dst(8 * j), regs[j]))
    for j in range(6):
        emit("    movq %%%s, %s" % (regs[j], dst(8 * j)))


FP_REGS = ["r8", "r9", "r10", "r11", "r12", "r13"]


def fp_add(dst, x, y):
    """dst = x + y mod p for x, y < p."""
    for j in range(6):
        emit("    movq %s, %%%s" % (x(8 * j), FP_REGS[j]))
    for j in range(6):
        emit("    %s %s, %%%s" % ("addq" if j == 0 else "adcq", y(8 * j), FP_REGS[j]))
    conditional_subtract_p(FP_REGS, dst)


def fp_sub(dst, x, y):
    """dst = x − y mod p for x, y < p: the difference is stored, p is added, and where the
    subtraction did not borrow CMOVZ loads the stored difference back."""
    for j in range(6):
        emit("    movq %s, %%%s" % (x(8 * j), FP_REGS[j]))
    for j in range(6):
        emit("    %s %s, %%%s" % ("subq" if j == 0 else "sbbq", y(8 * j), FP_REGS[j]))
    emit("    sbbq %rax, %rax              // all ones when it borrowed")
    for j in range(6):
        emit("    movq %%%s, %s" % (FP_REGS[j], dst(8 * j)))
    for j in range(6):
        emit("    %s %s, %%%s" % ("addq" if j == 0 else "adcq", modulus(8 * j), FP_REGS[j]))
    emit("    testq %rax, %rax")
    for j in range(6):
        emit("    cmovzq %s, %%%s" % (dst(8 * j), FP_REGS[j]))
    for j in range(6):
        emit("    movq %%%s, %s" % (FP_REGS[j], dst(8 * j)))


def fp2_product_routine():
    """bpi_fp2_mul_body: the F_p² product as a local routine — rdi = dst (two reduced coordinates),
    rsi = x, rcx = y (coordinates below 2p: sums of two elements may come in unreduced). It keeps
    rsi, rcx, rdi, rbp and r15 (= 0) and clobbers rax, rbx, rdx, r8–r14. One copy serves the F_p²
    and F_p⁶ kernels: inlined six times, the F_p⁶ product would not fit the instruction cache.
    T0 = x0·y0, T1 = x1·y1, T2 = (x0 + x1)(y0 + y1) below 16p²; c1 = T2 − T0 − T1 < 8p²,
    c0 = T0 − T1 in (−4p², 4p²), + p·2³⁸⁴ when negative; both below p·2³⁸⁴ ≈ 9.8p², as REDC needs."""
    emit("    .p2align 5")
    emit("bpi_fp2_mul_body:")
    emit("    .cfi_startproc")
    emit("    subq $%d, %%rsp" % FRAME)
    emit("    .cfi_adjust_cfa_offset %d" % FRAME)
    x0, x1, y0, y1 = pointer("rsi"), pointer("rsi", 48), pointer("rcx"), pointer("rcx", 48)
    add6(SA, x0, x1)
    add6(SB, y0, y1)
    product(T0, x0, y0)
    product(T1, x1, y1)
    product(T2, SA, SB)
    emit("    // T2 = T2 − T0 − T1 (never negative); T0 = T0 − T1, + p·2^384 when that borrows")
    chain12("sub", T2, T2, T0)
    chain12("sub", T2, T2, T1)
    chain12("sub", T0, T0, T1)
    add_p_high_if_borrowed(T0)
    redc(T0, pointer("rdi"))
    redc(T2, pointer("rdi", 48))
    emit("    addq $%d, %%rsp" % FRAME)
    emit("    .cfi_adjust_cfa_offset -%d" % FRAME)
    emit("    ret")
    emit("    .cfi_endproc")


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
fp2_product_routine()
prologue("bpi_fp2_mul_mulx", 0)
emit("    movq %rdx, %rcx              // b (MULX takes its multiplier in rdx)")
emit("    call bpi_fp2_mul_body")
epilogue("bpi_fp2_mul_mulx", 0)

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

# --- bpi_fp6_mul_mulx(out = rdi, a = rsi, b = rdx): a·b in F_p⁶ = F_p²[v]/(v³ − ξ) ---
# Karatsuba over F_p² (Devegili et al.): t_i = a_i·b_i and
#   c0 = ξ·((a1 + a2)(b1 + b2) − t1 − t2) + t0
#   c1 = (a0 + a1)(b0 + b1) − t0 − t1 + ξ·t2
#   c2 = (a0 + a2)(b0 + b2) − t0 − t2 + t1
# Six calls of the F_p² product routine, each reducing once per coordinate (the sums a_i + a_j go in
# unreduced), and the F_p² sums and differences in registers: the whole product in one call.
SLOTS = 7
FP6_FRAME = 96 * SLOTS + 24
prologue("bpi_fp6_mul_mulx", FP6_FRAME)


def slot(k):
    """F_p² scratch slot k of the frame, as (c0, c1, offset)."""
    return stack(96 * k), stack(96 * k + 48), 96 * k


SAVED_OUT, SAVED_A, SAVED_B = 96 * SLOTS, 96 * SLOTS + 8, 96 * SLOTS + 16
emit("    movq %%rdi, %d(%%rsp)" % SAVED_OUT)
emit("    movq %%rsi, %d(%%rsp)" % SAVED_A)
emit("    movq %%rdx, %d(%%rsp)" % SAVED_B)
t0, t0u, T0OFF = slot(0)
t1, t1u, T1OFF = slot(1)
t2, t2u, T2OFF = slot(2)
m, mu, MOFF = slot(3)
d, du, DOFF = slot(4)
sa, sau, SAOFF = slot(5)
sb, sbu, SBOFF = slot(6)


def call_product(dst, x, y):
    """dst = x·y by the routine; each operand is ("a" | "b", index) or a frame offset."""
    for reg, operand in (("rsi", x), ("rcx", y)):
        if isinstance(operand, tuple):
            emit("    movq %d(%%rsp), %%%s" % (SAVED_A if operand[0] == "a" else SAVED_B, reg))
            if operand[1]:
                emit("    addq $%d, %%%s" % (96 * operand[1], reg))
        else:
            emit("    leaq %d(%%rsp), %%%s" % (operand, reg))
    emit("    leaq %d(%%rsp), %%rdi" % dst)
    emit("    call bpi_fp2_mul_body")


def sums(i, j):
    """sa = a_i + a_j, sb = b_i + b_j (F_p², unreduced)."""
    emit("    movq %d(%%rsp), %%rsi" % SAVED_A)
    emit("    movq %d(%%rsp), %%rcx" % SAVED_B)
    add6(sa, pointer("rsi", 96 * i), pointer("rsi", 96 * j))
    add6(sau, pointer("rsi", 96 * i + 48), pointer("rsi", 96 * j + 48))
    add6(sb, pointer("rcx", 96 * i), pointer("rcx", 96 * j))
    add6(sbu, pointer("rcx", 96 * i + 48), pointer("rcx", 96 * j + 48))


emit("    // t0, t1, t2")
call_product(T0OFF, ("a", 0), ("b", 0))
call_product(T1OFF, ("a", 1), ("b", 1))
call_product(T2OFF, ("a", 2), ("b", 2))
emit("    // d = ξ·((a1 + a2)(b1 + b2) − t1 − t2), with ξ·(x + y·u) = (x − y) + (x + y)·u")
sums(1, 2)
call_product(MOFF, SAOFF, SBOFF)
fp_sub(m, m, t1)
fp_sub(mu, mu, t1u)
fp_sub(m, m, t2)
fp_sub(mu, mu, t2u)
fp_sub(d, m, mu)
fp_add(du, m, mu)
emit("    // m = c1 = (a0 + a1)(b0 + b1) − t0 − t1 + ξ·t2")
sums(0, 1)
call_product(MOFF, SAOFF, SBOFF)
fp_sub(m, m, t0)
fp_sub(mu, mu, t0u)
fp_sub(m, m, t1)
fp_sub(mu, mu, t1u)
fp_sub(sa, t2, t2u)
fp_add(sau, t2, t2u)
fp_add(m, m, sa)
fp_add(mu, mu, sau)
emit("    // sb = c2 = (a0 + a2)(b0 + b2) − t0 − t2 + t1")
sums(0, 2)
call_product(SBOFF, SAOFF, SBOFF)
fp_sub(sb, sb, t0)
fp_sub(sbu, sbu, t0u)
fp_sub(sb, sb, t2)
fp_sub(sbu, sbu, t2u)
fp_add(sb, sb, t1)
fp_add(sbu, sbu, t1u)
emit("    // every read of a and b is done (out may alias them): c0 = d + t0, then c1 and c2")
emit("    movq %d(%%rsp), %%rdi" % SAVED_OUT)
fp_add(pointer("rdi"), d, t0)
fp_add(pointer("rdi", 48), du, t0u)
for j in range(12):
    emit("    movq %s, %%rax" % m(8 * j))
    emit("    movq %%rax, %s" % pointer("rdi", 96)(8 * j))
for j in range(12):
    emit("    movq %s, %%rax" % sb(8 * j))
    emit("    movq %%rax, %s" % pointer("rdi", 192)(8 * j))
epilogue("bpi_fp6_mul_mulx", FP6_FRAME)

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


def fp4_square_routine():
    """bpi_fp4_sqr_body: the F_p⁴ square as a local routine — rdi = dst (24 limbs), rsi = a,
    rcx = b; keeps rsi, rcx, rdi, rbp and r15 (= 0). The F_p⁴ and cyclotomic kernels call it."""
    emit("    .p2align 5")
    emit("bpi_fp4_sqr_body:")
    emit("    .cfi_startproc")
    emit("    subq $%d, %%rsp" % FP4_FRAME)
    emit("    .cfi_adjust_cfa_offset %d" % FP4_FRAME)
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
    emit("    addq $%d, %%rsp" % FP4_FRAME)
    emit("    .cfi_adjust_cfa_offset -%d" % FP4_FRAME)
    emit("    ret")
    emit("    .cfi_endproc")


fp4_square_routine()
prologue("bpi_fp4_sqr_mulx", 0)
emit("    movq %rdx, %rcx              // b")
emit("    call bpi_fp4_sqr_body")
epilogue("bpi_fp4_sqr_mulx", 0)

# --- bpi_fp12_cyclotomic_sqr_mulx(out = rdi, a = rsi): Granger–Scott squaring in G_T ---
# F_p¹² as F_p⁴³: with z0 … z5 the F_p² coordinates (c0.c0, c1.c1), (c1.c0, c0.c2), (c0.c1, c1.c2)
# and (t0, t1), (t2, t3), (t4, t5) their three F_p⁴ squares:
#   z0 ← 2(t0 − z0) + t0,  z1 ← 2(t1 + z1) + t1,  z4 ← 2(t2 − z4) + t2,  z5 ← 2(t3 + z5) + t3,
#   z2 ← 2(ξt5 + z2) + ξt5,  z3 ← 2(t4 − z3) + t4.
# Three calls of the F_p⁴ routine, then the combinations in registers. Each output coordinate reads
# only its own input coordinate: out may alias a.
CYC_FRAME = 3 * 192 + 2 * 96 + 16
prologue("bpi_fp12_cyclotomic_sqr_mulx", CYC_FRAME)
CYC_OUT, CYC_A = 3 * 192 + 2 * 96, 3 * 192 + 2 * 96 + 8
emit("    movq %%rdi, %d(%%rsp)" % CYC_OUT)
emit("    movq %%rsi, %d(%%rsp)" % CYC_A)


def fp12_slot(k):
    """The F_p² at slot k (c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2) of the F_p¹² at rsi / rdi."""
    return 96 * k


def square_pair(dst, first, second):
    emit("    movq %d(%%rsp), %%rsi" % CYC_A)
    emit("    leaq %d(%%rsi), %%rcx" % fp12_slot(second))
    if fp12_slot(first):
        emit("    addq $%d, %%rsi" % fp12_slot(first))
    emit("    leaq %d(%%rsp), %%rdi" % dst)
    emit("    call bpi_fp4_sqr_body")


square_pair(0, 0, 4)  # (z0, z1) = (c0.c0, c1.c1)
square_pair(192, 3, 2)  # (z2, z3) = (c1.c0, c0.c2)
square_pair(384, 1, 5)  # (z4, z5) = (c0.c1, c1.c2)
XI_T5, D = 576, 672
emit("    // ξ·t5 = (t5.0 − t5.1) + (t5.0 + t5.1)·u")
fp_sub(stack(XI_T5), stack(480), stack(528))
fp_add(stack(XI_T5 + 48), stack(480), stack(528))
emit("    movq %d(%%rsp), %%rsi" % CYC_A)
emit("    movq %d(%%rsp), %%rdi" % CYC_OUT)


def combine(slot, t_offset, minus):
    """out[slot] = 2(t ∓ z) + t, for z = a[slot], coordinate by coordinate."""
    for c in (0, 48):
        t = stack(t_offset + c)
        z = pointer("rsi", fp12_slot(slot) + c)
        (fp_sub if minus else fp_add)(stack(D), t, z)
        fp_add(stack(D), stack(D), stack(D))
        fp_add(pointer("rdi", fp12_slot(slot) + c), stack(D), t)


combine(0, 0, True)  # z0 from t0
combine(4, 96, False)  # z1 from t1
combine(3, XI_T5, False)  # z2 from ξ·t5
combine(2, 384, True)  # z3 from t4
combine(1, 192, True)  # z4 from t2
combine(5, 288, False)  # z5 from t3
epilogue("bpi_fp12_cyclotomic_sqr_mulx", CYC_FRAME)

# --- bpi_g1_double_mulx(out = rdi, p = rsi): 2P for a G1 point in Jacobian coordinates ---
# dbl-2009-l (a = 0), as `JacobianPoint.doubled`: A = X², B = Y², C = B², D = 2((X + B)² − A − C),
# E = 3A, F = E², X3 = F − 2D, Y3 = E(D − X3) − 8C, Z3 = 2YZ. Seven calls of the F_p product kernel
# (`bpi_fp_mul_mulx`, fp_mul_mulx.S: it keeps rbp, where p stays) and the sums in registers, in one
# call; the point is (X, Y, Z), 18 limbs. The result is written last: out may alias p.


G1_FRAME = 48 * 10 + 8
prologue("bpi_g1_double_mulx", G1_FRAME)
G1_OUT = 48 * 10
emit("    movq %%rdi, %d(%%rsp)" % G1_OUT)
emit("    movq %rsi, %rbp              // p, kept for the whole call")
PX = pointer("rbp")
A_, B_, C_, D_, E_, F_, T_, X3, Y3, Z3 = (48 * k for k in range(10))


def mul_into(dst, x, y):
    """stack[dst] = x·y, for x, y each ("p", offset) or a frame offset."""
    for reg, operand in (("rsi", x), ("rdx", y)):
        if isinstance(operand, tuple):
            emit("    leaq %d(%%rbp), %%%s" % (operand[1], reg))
        else:
            emit("    leaq %d(%%rsp), %%%s" % (operand, reg))
    emit("    leaq %d(%%rsp), %%rdi" % dst)
    emit("    call bpi_fp_mul_mulx")


mul_into(A_, ("p", 0), ("p", 0))
mul_into(B_, ("p", 48), ("p", 48))
mul_into(C_, B_, B_)
mul_into(Z3, ("p", 48), ("p", 96))
fp_add(stack(Z3), stack(Z3), stack(Z3))
fp_add(stack(T_), PX, stack(B_))
mul_into(T_, T_, T_)
fp_sub(stack(T_), stack(T_), stack(A_))
fp_sub(stack(T_), stack(T_), stack(C_))
fp_add(stack(D_), stack(T_), stack(T_))
fp_add(stack(E_), stack(A_), stack(A_))
fp_add(stack(E_), stack(E_), stack(A_))
mul_into(F_, E_, E_)
fp_add(stack(T_), stack(D_), stack(D_))
fp_sub(stack(X3), stack(F_), stack(T_))
fp_sub(stack(T_), stack(D_), stack(X3))
mul_into(Y3, E_, T_)
fp_add(stack(C_), stack(C_), stack(C_))
fp_add(stack(C_), stack(C_), stack(C_))
fp_add(stack(C_), stack(C_), stack(C_))
fp_sub(stack(Y3), stack(Y3), stack(C_))
emit("    movq %d(%%rsp), %%rdi" % G1_OUT)
for k, src in enumerate((X3, Y3, Z3)):
    for j in range(6):
        emit("    movq %d(%%rsp), %%rax" % (src + 8 * j))
        emit("    movq %%rax, %d(%%rdi)" % (48 * k + 8 * j))
epilogue("bpi_g1_double_mulx", G1_FRAME)

emit("#endif")
emit("#if defined(__ELF__)")
emit('    .section .note.GNU-stack,"",@progbits')
emit("#endif")
print("\n".join(out))
