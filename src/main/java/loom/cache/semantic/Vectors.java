package loom.cache.semantic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Small vector arithmetic and the compact text form vectors are shared in (Redis). */
public final class Vectors {
  private Vectors() {}

  /** The vector scaled to length 1 (a zero vector stays zero). */
  public static float[] normalized(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    if (sum == 0) {
      return vector.clone();
    }
    float scale = (float) (1 / Math.sqrt(sum));
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = vector[i] * scale;
    }
    return unit;
  }

  /**
   * The dot product: the cosine similarity of two unit vectors. Four running sums, because the JIT does not reorder a
   * single float sum and so cannot overlap its additions; this is the index's inner loop.
   */
  public static double dot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (int end = a.length - 3; i < end; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return (double) (s0 + s1) + (s2 + s3);
  }

  /** Base64 of the floats, little-endian. */
  public static String encode(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** The floats of {@link #encode}; IllegalArgumentException when the text is not dimensions floats. */
  public static float[] decode(String text, int dimensions) {
    byte[] bytes = Base64.getDecoder().decode(text);
    if (bytes.length != dimensions * Float.BYTES) {
      throw new IllegalArgumentException(
          "a vector of "
              + dimensions
              + " floats has "
              + dimensions * Float.BYTES
              + " bytes; got "
              + bytes.length);
    }
    float[] vector = new float[dimensions];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
