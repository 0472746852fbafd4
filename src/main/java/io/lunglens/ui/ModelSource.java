package io.lunglens.ui;

import java.util.List;

/** The models the Model menu offers. The first name is the one opened at start. */
public interface ModelSource {

    /** Installed model names; fast. */
    List<String> names();

    /** Loads one model; slow, runs off the FX thread. Fails with a one-line message naming the model. */
    Explainer open(String name) throws Exception;
}
