# gdb commands for golang-cpp goroutines (docs/scheduler.md).
#
#   (gdb) source docs/gdb/goroutines.gdb
#   (gdb) goroutine-bt 7
#
# Prints the backtrace of parked goroutine 7 (the ids are the ones
# runtime::Stack and the deadlock report print). A parked goroutine's
# registers are saved on its own stack by Boost.Context's jump_fcontext
# (x86-64 System V: MXCSR and x87 control word, r12, r13, r14, r15, rbx,
# rbp at 0x00..0x30, the return address at 0x38); this points the current
# thread's registers at them for one `bt`, then restores them. Only for a
# live process, stopped in gdb: it calls into the program to find the
# goroutine.

define goroutine-bt
  set $golang_ctx = (char *) golang_debug_goroutine_context($arg0)
  if $golang_ctx == 0
    printf "goroutine %d: no such goroutine, or it is running (see `info threads`)\n", $arg0
  else
    set $golang_save_rsp = $rsp
    set $golang_save_rbp = $rbp
    set $golang_save_rbx = $rbx
    set $golang_save_r12 = $r12
    set $golang_save_r13 = $r13
    set $golang_save_r14 = $r14
    set $golang_save_r15 = $r15
    set $golang_save_pc = $pc
    set $r12 = *(long *) ($golang_ctx + 0x08)
    set $r13 = *(long *) ($golang_ctx + 0x10)
    set $r14 = *(long *) ($golang_ctx + 0x18)
    set $r15 = *(long *) ($golang_ctx + 0x20)
    set $rbx = *(long *) ($golang_ctx + 0x28)
    set $rbp = *(long *) ($golang_ctx + 0x30)
    set $pc = *(long *) ($golang_ctx + 0x38)
    set $rsp = $golang_ctx + 0x40
    bt
    set $rsp = $golang_save_rsp
    set $rbp = $golang_save_rbp
    set $rbx = $golang_save_rbx
    set $r12 = $golang_save_r12
    set $r13 = $golang_save_r13
    set $r14 = $golang_save_r14
    set $r15 = $golang_save_r15
    set $pc = $golang_save_pc
  end
end
document goroutine-bt
Backtrace of a parked golang-cpp goroutine: goroutine-bt ID
end
