package org.brickbox.embed;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PyTorch settings DJL does not expose, set through libtorch's own C++ API once the engine has loaded it.
 *
 * <p>NNPACK: on a CPU it does not support (no AVX2, or a CPU its cpuinfo cannot read) PyTorch prints {@code [W
 * NNPACK.cpp:...] Could not initialize NNPACK! Reason: Unsupported hardware.} straight to the process's native
 * stderr the first time a convolution asks whether NNPACK may be used, which is at the first embedding, not at model
 * load. It asks only when the user has not switched NNPACK off: {@code at::globalContext().userEnabledNNPACK()} is
 * checked first (ATen's {@code ConvParams::use_nnpack}). BrickBox switches it off, as Python's {@code
 * torch.backends.nnpack.set_flags(False)} does, by calling {@code at::Context::setUserEnabledNNPACK(false)}; then
 * NNPACK is never initialised and nothing is printed. NNPACK is only a fallback path for some CPU convolutions
 * (oneDNN/MKLDNN and ATen's own kernels serve the rest; embedding speed is unchanged, BENCHMARKS.md). Silencing the
 * message any other way would hide more than it: {@code TORCH_CPP_LOG_LEVEL} is read only by PyTorch's Python
 * module, and redirecting native stderr around the first inference would swallow real errors too.
 *
 * <p>The call goes through JNA (DJL's own dependency) to the Itanium-ABI symbols of {@code libtorch_cpu} (Linux,
 * macOS); where they are missing (another platform, a PyTorch without them) nothing is done and the message may
 * appear, as before.
 */
public final class TorchSettings {
  static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
  static final String GET_NNPACK = "_ZNK2at7Context17userEnabledNNPACKEv";
  static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
  static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";

  private TorchSettings() {}

  /**
   * Switches NNPACK off in the loaded libtorch; call after the PyTorch engine has started.
   *
   * @return whether NNPACK is now off (false when the switch could not be reached)
   */
  public static synchronized boolean disableNnpack() {
    Function set = function(SET_NNPACK);
    Pointer context = context();
    if (set == null || context == null) return false;
    set.invokeVoid(new Object[] {context, Boolean.FALSE});
    return Boolean.FALSE.equals(nnpackEnabled());
  }

  /** libtorch's own NNPACK switch, or null when it cannot be read. */
  public static Boolean nnpackEnabled() {
    return flag(GET_NNPACK);
  }

  /**
   * Switches PyTorch's oneDNN (MKLDNN) kernels on or off for the whole process, as Python's {@code
   * torch.backends.mkldnn.enabled} does; ATen's own kernels serve convolutions while it is off.
   *
   * @return the previous setting, or null when the switch could not be reached (nothing was changed)
   */
  public static synchronized Boolean setMkldnn(boolean enabled) {
    Function set = function(SET_MKLDNN);
    Pointer context = context();
    Boolean before = flag(GET_MKLDNN);
    if (set == null || context == null || before == null) return null;
    set.invokeVoid(new Object[] {context, enabled});
    return before;
  }

  /** libtorch's own oneDNN switch, or null when it cannot be read. */
  public static Boolean mkldnnEnabled() {
    return flag(GET_MKLDNN);
  }

  private static Boolean flag(String getter) {
    Function get = function(getter);
    Pointer context = context();
    if (get == null || context == null) return null;
    return (get.invokeInt(new Object[] {context}) & 0xFF) != 0; // a C++ bool: the low byte of the return register
  }

  private static Pointer context() {
    Function global = function(GLOBAL_CONTEXT);
    return global == null ? null : global.invokePointer(new Object[0]);
  }

  private static Function function(String symbol) {
    if (Platform.isWindows()) return null; // MSVC mangles differently
    try {
      Path lib = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu"));
      if (!Files.isRegularFile(lib)) return null;
      // The library DJL already loaded: dlopen returns the same handle, nothing is loaded twice.
      return NativeLibrary.getInstance(lib.toString()).getFunction(symbol);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return null;
    }
  }
}
