package io.lunglens.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DJL's LSTM parameter names (l_0_i2h_WEIGHT) as torch's nn.LSTM names them (weight_ih_l0). */
final class LstmNames {

    private static final Pattern DJL = Pattern.compile("l_(\\d+)_(i2h|h2h)_(WEIGHT|BIAS)");

    private LstmNames() {
    }

    static String torchName(String djl) {
        Matcher m = DJL.matcher(djl);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected LSTM parameter " + djl);
        }
        String kind = m.group(3).equals("WEIGHT") ? "weight" : "bias";
        String gate = m.group(2).equals("i2h") ? "ih" : "hh";
        return kind + "_" + gate + "_l" + m.group(1);
    }
}
