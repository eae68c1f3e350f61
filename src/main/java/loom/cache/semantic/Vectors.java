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

  /** The dot product: the cosine similarity of two unit vectors. */
  public static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Base64 of the floats, little-endian. */
  public static String encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** The floats of {@link #encode}; IllegalArgumentException when the text is not dimensions floats. */
  public static float[] decode(String text, int dimensions) {
    byte[] bytes = Base64.getDecoder().decode(text);
    if (bytes.length != dimensions * Float.BYTES) {
      throw new IllegalArgumentException("a vector of " + dimensions + " floats has " + dimensions * Float.BYTES
          + " bytes; got " + bytes.length);
    }
    float[] vector = new float[dimensions];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
